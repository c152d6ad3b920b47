"""the projector's lobby may show first names: screen_names, off by default

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop') as batch_op:
        batch_op.add_column(sa.Column('screen_names', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('workshop') as batch_op:
        batch_op.drop_column('screen_names')
