"""HTTP: the API of PROTOCOL.md and the four pages, as a browser and a script see them."""

import hashlib
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from workshop.extensions import db
from workshop.models import Workshop

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def created(client):
    response = client.post(
        "/api/workshops",
        json={
            "title": "Agua y barrio <script>alert(1)</script>",
            "municipality": "Tlacolula",
            "question": "¿Qué hacemos primero?",
            "votes_per_participant": 4,
        },
    )
    assert response.status_code == 201
    return response.json


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_creating_a_workshop_gives_its_code_token_and_links(created):
    code = created["code"]
    assert created["ok"] is True and len(code) == 6
    assert created["links"]["join"] == f"http://localhost/j/{code}"
    assert created["links"]["facilitate"].endswith(
        f"/f/{code}#token={created['facilitator_token']}"
    )
    assert "#token=" in created["links"]["screen"]
    assert created["links"]["plan"].endswith(f"/api/workshops/{code}/plan.json")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"title": ""},
        {"title": "x" * 121},
        {"title": "Taller", "votes_per_participant": 21},
        {"title": "Taller", "votes_per_participant": True},
        {"title": "Taller", "locale": "fr"},
    ],
)
def test_a_bad_workshop_is_refused_with_the_error_shape(client, body):
    response = client.post("/api/workshops", json=body)
    assert response.status_code == 400
    assert response.json["ok"] is False and response.json["error"]["code"] == "invalid"


def test_one_address_cannot_fill_the_database_with_workshops(tmp_path):
    from tests.conftest import make_app

    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", RATE_LIMIT_CREATIONS=(2, 600.0))
    client = app.test_client()
    statuses = [
        client.post("/api/workshops", json={"title": "Taller"}).status_code for _ in range(3)
    ]
    assert statuses == [201, 201, 429]
    assert client.post("/api/workshops", json={"title": "Taller"}).json["error"]["code"] == (
        "rate_limited"
    )


def test_a_body_that_is_not_json_is_invalid(client):
    response = client.post("/api/workshops", data="title=Taller")
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid"


def test_joining_needs_consent_and_gives_a_token(client, created):
    url = f"/api/workshops/{created['code'].lower()}/participants"
    refused = client.post(url, json={"name": "Rosa", "role": "citizen"})
    assert refused.status_code == 400 and refused.json["error"]["code"] == "invalid"
    joined = client.post(url, json={"name": "Rosa", "role": "citizen", "consent": True})
    assert joined.status_code == 201
    assert joined.json["name"] == "Rosa" and joined.json["role"] == "citizen"
    assert len(joined.json["token"]) > 30


def test_an_unknown_code_is_not_found(client):
    for url in (
        "/api/workshops/ZZZZZZ",
        "/api/workshops/nope",
        "/api/workshops/ZZZZZZ/plan.json",
        "/api/workshops/ZZZZZZ/links",
    ):
        response = client.get(url, headers=bearer("whatever"))
        assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_every_api_error_has_the_protocol_shape(client, created):
    assert client.get("/api/nothing").json["error"]["code"] == "not_found"
    wrong_method = client.put("/api/workshops")
    assert wrong_method.status_code == 405 and wrong_method.json["error"]["code"] == "invalid"
    too_big = client.post("/api/workshops", data="x" * 70_000, content_type="application/json")
    assert too_big.status_code == 413 and too_big.json["ok"] is False


def test_optional_fields_sent_as_null_take_their_defaults(client):
    response = client.post(
        "/api/workshops",
        json={
            "title": "Taller",
            "locale": None,
            "votes_per_participant": None,
            "municipality": None,
        },
    )
    assert response.status_code == 201
    snapshot = client.get(f"/api/workshops/{response.json['code']}").json
    assert snapshot["workshop"]["locale"] == "es"
    assert snapshot["workshop"]["votes_per_participant"] == 3


def test_the_public_snapshot_has_no_me(client, created):
    snapshot = client.get(f"/api/workshops/{created['code']}").json
    assert "me" not in snapshot
    assert snapshot["workshop"]["votes_per_participant"] == 4
    assert snapshot["presence"] == {
        "count": 0,
        "by_role": {"citizen": 0, "official": 0, "civil_society": 0},
        "joined": 0,
        "joined_by_role": {"citizen": 0, "official": 0, "civil_society": 0},
    }


def test_the_plan_needs_a_token_of_that_workshop(client, created):
    code = created["code"]
    assert client.get(f"/api/workshops/{code}/plan.json").status_code == 401
    other = client.post("/api/workshops", json={"title": "Otro"}).json
    wrong = client.get(
        f"/api/workshops/{code}/plan.json", headers=bearer(other["facilitator_token"])
    )
    assert wrong.status_code == 401
    plan = client.get(
        f"/api/workshops/{code}/plan.json", headers=bearer(created["facilitator_token"])
    )
    assert plan.status_code == 200 and plan.json["schema"] == "cocrea.plan/1"
    assert plan.headers["Cache-Control"] == "no-store"


def test_the_plan_in_markdown_is_spanish_and_escapes_what_people_typed(client, created):
    response = client.get(
        f"/api/workshops/{created['code']}/plan.md", headers=bearer(created["facilitator_token"])
    )
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    text = response.get_data(as_text=True)
    assert "\\<script\\>" in text and "<script>" not in text
    assert "Tlacolula" in text
    for heading in (
        "## Participación",
        "## Prioridades elegidas por votación",
        "## Compromisos",
        "## Todos los aportes",
        "**Fecha:**",
    ):
        assert heading in text


def test_http_errors_speak_the_workshop_language(client):
    english = client.post("/api/workshops", json={"title": "Water", "locale": "en"}).json
    refused = client.get(f"/api/workshops/{english['code']}/plan.json")
    assert refused.status_code == 401
    assert refused.json["error"]["message"].startswith("Send the workshop token")


def test_only_the_facilitator_gets_the_links(client, created):
    code = created["code"]
    joined = client.post(
        f"/api/workshops/{code}/participants", json={"role": "citizen", "consent": True}
    ).json
    assert (
        client.get(f"/api/workshops/{code}/links", headers=bearer(joined["token"])).status_code
        == 403
    )
    links = client.get(
        f"/api/workshops/{code}/links", headers=bearer(created["facilitator_token"])
    ).json["links"]
    assert links == created["links"]


def test_the_phone_page_is_spanish_and_escapes_the_title(client, created):
    page = client.get(f"/j/{created['code']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="es"' in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_a_code_typed_in_lower_case_lands_on_the_phone_page(client, created):
    response = client.get(f"/join?code=+{created['code'].lower()}+")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/j/{created['code']}")
    halves = f"{created['code'][:3]} {created['code'][3:]}".lower()
    response = client.get("/join", query_string={"code": halves})
    assert response.headers["Location"].endswith(f"/j/{created['code']}")


def test_an_unknown_code_shows_the_home_page_with_a_message(client):
    response = client.get("/j/ZZZZZZ")
    assert response.status_code == 404
    assert "<form" in response.get_data(as_text=True)


def test_the_console_page_never_contains_the_token(client, created):
    html = client.get(f"/f/{created['code']}").get_data(as_text=True)
    assert created["facilitator_token"] not in html


def test_the_projector_shows_a_qr_code_of_the_join_link(client, created):
    html = client.get(f"/s/{created['code']}").get_data(as_text=True)
    assert "<svg" in html and created["code"] in html
    assert f"/j/{created['code']}" in html


def test_the_home_page_creates_a_workshop_from_a_plain_form(client):
    response = client.post(
        "/",
        data={
            "title": "Taller de movilidad",
            "municipality": "Mitla",
            "question": "",
            "votes_per_participant": "3",
            "locale": "es",
        },
    )
    # POST/redirect/GET: the key rides in the fragment, so no server log ever sees it.
    assert response.status_code == 303
    path, _, fragment = response.headers["Location"].partition("#")
    assert path.startswith("/ready/") and fragment.startswith("token=")
    code = path.rsplit("/", 1)[1]
    page = client.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Taller de movilidad" in html and code in html
    assert "<svg" in html and f"/j/{code}" in html and "token=" not in html
    assert page.headers["Cache-Control"] == "no-store"
    # The test client's address is localhost: phones could not open it, and the page says so.
    assert "Los celulares no pueden abrir esta dirección." in html
    # Reloading the page the redirect led to creates nothing.
    client.get(path)
    client.get(path)
    assert client.get(f"/api/workshops/{code}").status_code == 200
    with client.application.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Workshop)) == 1
    empty = client.post("/", data={"title": "", "votes_per_participant": "3"})
    assert empty.status_code == 400


def test_the_home_form_asks_for_the_halls_time_zone_guatemala_first_chosen(client):
    html = client.get("/").get_data(as_text=True)
    assert '<option value="America/Guatemala" selected>Guatemala</option>' in html
    assert '<option value="America/Lima">Lima</option>' in html
    response = client.post("/", data={"title": "Cabildo de Comas", "time_zone": "America/Lima"})
    code = response.headers["Location"].partition("#")[0].rsplit("/", 1)[1]
    assert client.get(f"/api/workshops/{code}").json["workshop"]["time_zone"] == "America/Lima"
    # A made-up zone is refused where it was typed, and the form keeps what was written.
    refused = client.post("/", data={"title": "Cabildo de Comas", "time_zone": "Lima"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "nombre de una zona horaria" in page
    assert 'value="Cabildo de Comas"' in page


def test_the_socket_io_client_comes_from_node_modules(client):
    response = client.get("/vendor/socket.io.min.js")
    assert response.status_code == 200 and b"io" in response.data[:2000]
    response.close()


def test_the_console_maps_every_module_to_an_address_naming_its_content(client, created):
    html = client.get(f"/f/{created['code']}").get_data(as_text=True)
    import_map = json.loads(
        re.search(r'<script type="importmap" nonce="[^"]+">(.*?)</script>', html).group(1)
    )
    modules = sorted(p.name for p in (ROOT / "static" / "js" / "console").glob("*.js"))
    assert sorted(Path(path).name for path in import_map["imports"]) == modules
    for path, url in import_map["imports"].items():
        digest = hashlib.sha256((ROOT / path.lstrip("/")).read_bytes()).hexdigest()[:12]
        assert url == f"{path}?v={digest}"
        assert f'<link rel="modulepreload" href="{url}">' in html
    assert '<script type="module" src="/static/js/console/main.js?v=' in html


def test_the_phone_page_loads_no_modules(client, created):
    html = client.get(f"/j/{created['code']}").get_data(as_text=True)
    assert 'type="module"' not in html and "importmap" not in html


def test_a_static_file_is_kept_a_year_only_under_its_content_address(client):
    digest = hashlib.sha256((ROOT / "static" / "js" / "live.js").read_bytes()).hexdigest()[:12]
    named = client.get(f"/static/js/live.js?v={digest}")
    assert named.cache_control.max_age == 365 * 24 * 3600
    for other in ("/static/js/live.js", "/static/js/live.js?v=0000"):
        response = client.get(other)
        assert response.status_code == 200
        assert response.cache_control.no_cache and not response.cache_control.max_age
        assert response.headers.get("ETag")
        response.close()
    named.close()


def test_a_hash_asked_for_outside_static_reads_nothing(client, monkeypatch):
    from workshop.views import assets

    read: list = []
    monkeypatch.setattr(assets, "version_of", lambda path: read.append(path) or "x")
    for url in ("/static/..%2F..%2Fpyproject.toml?v=x", "/static/../../pyproject.toml?v=x"):
        assert client.get(url).status_code == 404
    plain = client.get("/static/js/live.js")  # no hash asked: none computed
    assert plain.status_code == 200
    plain.close()
    assert read == []
