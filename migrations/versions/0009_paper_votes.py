"""paper dots: every entry of the paper wall's counts, kept as a recount log

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:20:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'paper_vote',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('card_id', sa.Integer(), nullable=True),
        sa.Column('cluster_id', sa.Integer(), nullable=True),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('previous', sa.Integer(), nullable=False),
        sa.Column('entered_by_id', sa.Integer(), nullable=False),
        sa.Column('entered_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('(card_id IS NULL) <> (cluster_id IS NULL)', name=op.f('ck_paper_vote_paper_one_target')),
        sa.CheckConstraint('count >= 0', name=op.f('ck_paper_vote_paper_count_not_negative')),
        sa.ForeignKeyConstraint(['card_id'], ['card.id'], name=op.f('fk_paper_vote_card_id_card')),
        sa.ForeignKeyConstraint(['cluster_id'], ['cluster.id'], name=op.f('fk_paper_vote_cluster_id_cluster')),
        sa.ForeignKeyConstraint(['entered_by_id'], ['participant.id'], name=op.f('fk_paper_vote_entered_by_id_participant')),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_paper_vote_workshop_id_workshop')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_vote')),
    )
    with op.batch_alter_table('paper_vote') as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_vote_workshop_id'), ['workshop_id'], unique=False)


def downgrade():
    with op.batch_alter_table('paper_vote') as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_vote_workshop_id'))
    op.drop_table('paper_vote')
