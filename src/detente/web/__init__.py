"""The HTTP API and dashboard: ``detente serve``. Needs the ``web`` extra (fastapi, uvicorn)."""
