"""An AWS Lambda function that counts tokens, built on ONE vendored file.

Deploy: `tokenizer vendor -e o200k_base -o bpe_tokenizer.py`, then zip this file and
bpe_tokenizer.py together (tests/lambda_example/build.py does both); handler:
`handler.handler`, any Python runtime from 3.9.

Event (direct invoke):  {"text": "...", "encoding": "o200k_base", "ids": false, "allow_special": false}
Event (API Gateway or a function URL): the same JSON object as the request body.
Result: {"encoding": "o200k_base", "count": 2} (with "ids": [...] when asked for).  An
HTTP event gets {"statusCode", "headers", "body"} back, and 400 for a bad request; a
direct invoke with a bad event raises ValueError, which Lambda reports to the caller.

>>> handler({"text": "hello world", "ids": True}, None)
{'encoding': 'o200k_base', 'count': 2, 'ids': [24912, 2375]}
"""
import base64
import json
import os

import bpe_tokenizer

DEFAULT_ENCODING = os.environ.get("TOKENIZER_ENCODING", "o200k_base")
bpe_tokenizer.get_encoding(DEFAULT_ENCODING)  # load the table during init, not in the first request


def tokens(request):
    """The answer to one request (a dict parsed from the event); ValueError if it is malformed."""
    if not isinstance(request, dict):
        raise ValueError(f"the request must be a JSON object, not {type(request).__name__}")
    text, name = request.get("text"), request.get("encoding", DEFAULT_ENCODING)
    if not isinstance(text, str):
        raise ValueError("the request needs \"text\": a string")
    if name not in bpe_tokenizer.list_encoding_names():
        have = ", ".join(bpe_tokenizer.list_encoding_names())
        raise ValueError(f"unknown encoding {name!r}; this function has {have}")
    enc = bpe_tokenizer.get_encoding(name)
    ids = enc.encode(text, allowed_special="all") if request.get("allow_special") is True else enc.encode_ordinary(text)
    out = {"encoding": name, "count": len(ids)}
    if request.get("ids") is True:
        out["ids"] = ids
    return out


def _body(event):
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode("utf-8")
    try:
        return json.loads(body)
    except ValueError as e:
        raise ValueError(f"the request body is not JSON ({e})") from None


def handler(event, context):
    """Lambda's entry point: a JSON event in, a JSON-serializable dict out."""
    if not (isinstance(event, dict) and "body" in event):
        return tokens(event)
    try:
        status, result = 200, tokens(_body(event))
    except ValueError as e:  # also bad base64 and bad UTF-8
        status, result = 400, {"error": str(e)}
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(result)}
