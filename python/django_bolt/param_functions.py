"""The parameter markers under django-bolt's other import path
(``from django_bolt.param_functions import Query``)."""

from .params import Body, Cookie, Depends, File, Form, Header, Path, Query

__all__ = ["Query", "Path", "Body", "Header", "Cookie", "Depends", "Form", "File"]
