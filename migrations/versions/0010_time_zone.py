"""the workshop's time zone: dates people read are written on the hall's clock

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop') as batch_op:
        batch_op.add_column(
            sa.Column('time_zone', sa.String(length=64), nullable=False, server_default='America/Guatemala')
        )


def downgrade():
    with op.batch_alter_table('workshop') as batch_op:
        batch_op.drop_column('time_zone')
