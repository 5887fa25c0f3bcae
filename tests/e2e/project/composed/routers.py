"""Routers of the `composed` API: defined here, their routes declared in `team_routes`."""

from django_bolt import Router

teams = Router(prefix="/teams/", tags=["teams"])
members = Router(prefix="/members")
orgs = Router(prefix="/orgs/{org}", tags=["orgs"])
