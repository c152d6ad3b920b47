"""paper notes: cards typed in by the facilitation, with the role of who wrote them

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 10:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('card') as batch_op:
        batch_op.add_column(sa.Column('on_paper', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('paper_role', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('card') as batch_op:
        batch_op.drop_column('paper_role')
        batch_op.drop_column('on_paper')
