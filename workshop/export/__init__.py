"""Renderings of the plan data (`services.plan_data`) for people and other programs."""
