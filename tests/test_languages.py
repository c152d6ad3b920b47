"""Languages: Spanish unless someone chooses, each phone its own, and a new one by a catalog."""

import re

from workshop import locales


def test_a_municipality_adds_a_language_by_adding_its_catalog(tmp_path, monkeypatch):
    for lang in ("en", "quc", "es"):
        folder = tmp_path / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "messages.po").write_text("")
    monkeypatch.setattr(locales, "TRANSLATIONS", tmp_path)
    assert locales._found() == ("es", "en", "quc")  # Spanish first, then English, then the rest
    assert locales.language_name("quc") == "Kʼicheʼ"
    assert locales.language_name("es") == "Español"


def test_the_home_form_preselects_spanish_whatever_the_browser_says(client):
    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    chosen = re.search(r'<option value="(\w+)" lang="\w+" selected>', page)
    assert chosen and chosen.group(1) == "es"


def test_a_phone_keeps_its_own_language_and_the_workshop_keeps_spanish(client):
    code = client.post("/api/workshops", json={"title": "Plaza", "locale": "es"}).json["code"]
    english = client.get(f"/j/{code}?lang=en")
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert "lang=en" in english.headers["Set-Cookie"]
    again = client.get(f"/j/{code}").get_data(as_text=True)  # the cookie remembers
    assert '<html lang="en">' in again
    assert '<html lang="es">' in client.get(f"/s/{code}").get_data(as_text=True)  # the projector
    unknown = client.get(f"/j/{code}?lang=xx")  # no such catalog: the workshop's language
    assert '<html lang="es">' in unknown.get_data(as_text=True)
    assert "Set-Cookie" not in unknown.headers
