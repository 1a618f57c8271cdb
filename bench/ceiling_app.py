"""The ceiling: a bare Starlette app answering fixed JSON for any POST path (`CEILING_ANSWER`, a file's
path, swaps the 46 bytes for that file's: `bench/gap.py` has it answer what ozmock answers)."""
import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

BODY = (Path(os.environ["CEILING_ANSWER"]).read_bytes() if os.environ.get("CEILING_ANSWER")
        else b'{"result":{"items":[],"total":0,"last_id":""}}')


async def fixed(request):
    await request.body()
    return Response(BODY, media_type="application/json")


app = Starlette(routes=[Route("/{path:path}", fixed, methods=["POST", "GET"])])
