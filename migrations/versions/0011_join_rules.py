"""who may join: open, with the PIN the projector shows, or locked

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop') as batch_op:
        batch_op.add_column(sa.Column('joining', sa.String(length=8), nullable=False, server_default='open'))
        batch_op.add_column(sa.Column('join_pin', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('workshop') as batch_op:
        batch_op.drop_column('join_pin')
        batch_op.drop_column('joining')
