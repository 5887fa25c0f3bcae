#!/usr/bin/env python
"""Django's command-line utility for the benchmark project."""

import os
import sys
from pathlib import Path

# bench/ (payloads.py) on the path, however the command is started.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchproject.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
