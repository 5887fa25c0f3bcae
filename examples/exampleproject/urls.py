"""No Django views: the API is served by `manage.py runbolt` (see shop/api.py)."""

urlpatterns: list = []
