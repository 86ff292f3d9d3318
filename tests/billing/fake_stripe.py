"""A local fake of the few Stripe API endpoints billing calls, on 127.0.0.1.

The real `stripe` library talks to it over HTTP (STRIPE_API_BASE), so requests are
encoded, sent and parsed exactly as in production; no network is touched. Every
request is recorded for assertions.
"""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


@dataclass
class Call:
    method: str
    path: str
    params: dict[str, str]


@dataclass
class FakeStripe:
    calls: list[Call] = field(default_factory=list)
    objects: dict[str, dict] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_fake{next(self._ids)}"

    def paths(self) -> list[str]:
        return [f"{c.method} {c.path}" for c in self.calls]

    def respond(self, method: str, path: str, params: dict[str, str]) -> tuple[int, dict]:
        self.calls.append(Call(method, path, params))
        if (method, path) == ("POST", "/v1/customers"):
            obj = {
                "id": self.new_id("cus"),
                "object": "customer",
                "email": params.get("email"),
                "name": params.get("name"),
                "metadata": {"city": params.get("metadata[city]")},
            }
        elif (method, path) == ("POST", "/v1/checkout/sessions"):
            session_id = self.new_id("cs")
            obj = {
                "id": session_id,
                "object": "checkout.session",
                "mode": params.get("mode"),
                "customer": params.get("customer"),
                "url": f"https://checkout.stripe.test/{session_id}",
            }
        elif (method, path) == ("POST", "/v1/billing_portal/sessions"):
            session_id = self.new_id("bps")
            obj = {
                "id": session_id,
                "object": "billing_portal.session",
                "customer": params.get("customer"),
                "url": f"https://billing.stripe.test/{session_id}",
            }
        elif (method, path) == ("POST", "/v1/subscriptions"):
            item = {
                "id": self.new_id("si"),
                "object": "subscription_item",
                "quantity": int(params.get("items[0][quantity]", "1")),
                "price": {"id": params.get("items[0][price]"), "object": "price"},
            }
            obj = {
                "id": self.new_id("sub"),
                "object": "subscription",
                "status": "active",
                "customer": params.get("customer"),
                "collection_method": params.get("collection_method", "charge_automatically"),
                "items": {
                    "object": "list",
                    "data": [item],
                    "has_more": False,
                    "url": "/v1/subscription_items",
                },
            }
        elif method == "POST" and path.startswith("/v1/subscription_items/"):
            item_id = path.rsplit("/", 1)[1]
            obj = {
                "id": item_id,
                "object": "subscription_item",
                "quantity": int(params["quantity"]),
            }
        else:
            return 404, {
                "error": {"type": "invalid_request_error", "message": f"fake: no {method} {path}"}
            }
        self.objects[obj["id"]] = obj
        return 200, obj


def start(fake: FakeStripe) -> tuple[ThreadingHTTPServer, threading.Thread]:
    class Handler(BaseHTTPRequestHandler):
        def _handle(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            path, _, query = self.path.partition("?")
            params = dict(parse_qsl(body or query, keep_blank_values=True))
            status, payload = fake.respond(method, path, params)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Request-Id", "req_fake")
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            self._handle("POST")

        def do_GET(self) -> None:
            self._handle("GET")

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, name="fake-stripe", daemon=True)
    thread.start()
    return server, thread
