"""The ceiling: a bare Starlette app answering fixed JSON for any POST path."""
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

BODY = b'{"result":{"items":[],"total":0,"last_id":""}}'


async def fixed(request):
    await request.body()
    return Response(BODY, media_type="application/json")


app = Starlette(routes=[Route("/{path:path}", fixed, methods=["POST", "GET"])])
