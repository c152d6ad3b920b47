"""the digest of each published version, to find its rendered documents without reading it

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 19:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    # Null for the versions already published: the server works each one out when first asked.
    with op.batch_alter_table('plan_version') as batch_op:
        batch_op.add_column(sa.Column('digest', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('plan_version') as batch_op:
        batch_op.drop_column('digest')
