"""Start-up side of Bolt: load the compiled extension, bind and verify the handlers, serve.

Nothing here runs per request except the hooks the extension calls (``hooks.py``).
"""

__all__: list[str] = []
