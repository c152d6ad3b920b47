"""a timer that pauses: the seconds left while it is paused

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 18:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop') as batch_op:
        batch_op.add_column(sa.Column('timer_paused_s', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('workshop') as batch_op:
        batch_op.drop_column('timer_paused_s')
