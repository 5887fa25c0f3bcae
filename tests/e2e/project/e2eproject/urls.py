from django.urls import include, path

# Named Bolt routes reverse through Django (`reverse("composed:team-detail", args=[1])`).
urlpatterns: list = [path("", include("django_bolt.urls"))]
