"""The project's WSGI application with the fixes named in BENCH_FIXES applied (bench/fixes.py).

BENCH_FIXES=all gunicorn --pythonpath bench patched_wsgi:application
"""

import fixes

from config.wsgi import application

fixes.apply(fixes.requested())

__all__ = ["application"]
