"""The plan as officials take it away: every format opened with a real reader, as they would."""

import copy
import csv
import io
import json
from pathlib import Path

import docx
import jsonschema
import pypdf
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from workshop import services
from workshop.export import EXPORTS
from workshop.export.csv import plan_csv

SCHEMA = json.loads((Path(__file__).parent.parent / "docs" / "plan.schema.json").read_text())
PIPES = "Reparar la cañería del barrio Año Nuevo"
TANK = "Un tanque comunitario para la escuela"
SCHOOL = "Los niños no tienen agua en la escuela"
LEAK = '=HIPERVINCULO("http://x") fuga en la calle Morelos'  # typed by anyone in the hall


@pytest.fixture
def hall(open_workshop):
    """A Spanish workshop that ran to the plan: problems, ideas, a theme, votes, commitments."""
    workshop = open_workshop(
        "Agua segura para San José",
        municipality="Municipalidad de San José de Ocoa",
        question="¿Cómo mejoramos el acceso al agua en nuestros barrios?",
        locale="es",
        votes_per_participant=3,
    )
    console = workshop.facilitator()
    rosa = workshop.join("Rosa Peña", "citizen")
    juan = workshop.join("Juan Ñancupil", "official")
    marta = workshop.join("Marta Ibáñez", "civil_society")
    console.move_to("problems")
    school = marta.post_problem(SCHOOL)["card"]["id"]
    console.move_to("ideas")
    pipes = rosa.post_idea(PIPES)["card"]["id"]
    tank = juan.post_idea(TANK, problem_id=school)["card"]["id"]
    repeat = marta.post_idea("Arreglar las cañerías de Año Nuevo")["card"]["id"]
    leak = rosa.post_idea(LEAK)["card"]["id"]
    console.send("mark_duplicate", {"card_id": repeat, "duplicate_of": pipes})
    water = console.send("create_cluster", {"title": "Red de cañerías", "card_ids": [pipes, leak]})[
        "cluster"
    ]
    school_theme = console.send(
        "create_cluster", {"title": "Agua en la escuela", "card_ids": [tank]}
    )["cluster"]
    # Three citizens and three officials back the pipes: enough of each to show their votes.
    neighbours = [workshop.join(f"Vecina {n}", "citizen") for n in (1, 2)]
    officials = [workshop.join(f"Funcionario {n}", "official") for n in (1, 2)]
    console.move_to("vote")
    for phone in (rosa, juan, marta, *neighbours, *officials):
        assert phone.vote(cluster_id=water["id"])["ok"]
    assert marta.vote(cluster_id=school_theme["id"])["ok"]
    console.move_to("plan")
    commitments = {c["title"]: c for c in workshop.snapshot()["commitments"]}
    drafted = commitments["Red de cañerías"]
    saved = console.send(
        "update_commitment",
        {
            "commitment_id": drafted["id"],
            "fields": {
                "current_situation": "La red tiene 40 años y se rompe cada semana.",
                "benefit": "Agua todos los días en 300 hogares de Año Nuevo.",
                "values": ["participation", "accountability"],
                "lead": "Dirección de Obras Públicas",
                "other_actors": {
                    "government": "Empresa municipal de agua",
                    "civil_society": "Junta vecinal Año Nuevo",
                },
                "start": "2027-01-15",
                "end": "2027-12-15",
                "milestones": [
                    {
                        "title": "Diagnóstico participativo",
                        "deliverable": "Mapa de tramos dañados",
                        "date": "2027-03-15",
                        "responsible": "Obras Públicas",
                    },
                    {
                        "title": "Licitación",
                        "deliverable": "Contrato firmado",
                        "date": "2027-06-30",
                        "responsible": "Compras",
                    },
                ],
                "indicators": "Cortes de agua por mes en Año Nuevo",
                "budget": "USD 120.000",
                "status": "agreed",
            },
        },
    )
    assert saved.get("ok", True) and "commitment" in saved, saved
    with workshop.app.app_context():
        plan = services.plan_data(services.workshop_by_code(workshop.code))
    ids = {"pipes": pipes, "tank": tank, "school": school, "repeat": repeat, "leak": leak}
    return plan, ids, workshop


# --- JSON ---------------------------------------------------------------------------------


def closed(schema):
    """The schema with no room for undeclared keys: every key the server sends is documented."""
    schema = copy.deepcopy(schema)

    def close(node):
        if isinstance(node, dict):
            if "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema)
    return schema


def test_the_plan_validates_against_its_published_schema(hall):
    plan, *_ = hall
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(plan, SCHEMA, cls=jsonschema.Draft202012Validator)
    jsonschema.validate(plan, closed(SCHEMA), cls=jsonschema.Draft202012Validator)


def test_the_schema_refuses_what_a_consumer_could_not_read(hall):
    plan, *_ = hall
    validator = jsonschema.Draft202012Validator(SCHEMA)
    broken = copy.deepcopy(plan)
    broken["commitments"][0]["values"] = ["magic"]
    broken["contributions"][0]["kind"] = "rant"
    del broken["workshop"]["locale"]
    paths = sorted("/".join(map(str, e.absolute_path)) for e in validator.iter_errors(broken))
    assert paths == ["commitments/0/values/0", "contributions/0/kind", "workshop"]


def test_a_plan_from_before_the_open_government_fields_still_validates_and_renders(hall, app):
    plan, *_ = hall
    old = copy.deepcopy(plan)
    for commitment in old["commitments"]:
        for key in (
            "current_situation",
            "benefit",
            "values",
            "other_actors",
            "indicators",
            "budget",
            "status",
            "drop_reason",
            "origin",
            "merged_into",
        ):
            commitment.pop(key, None)
    for card in old["contributions"]:
        card.pop("commitment_ids", None)
    jsonschema.validate(old, SCHEMA, cls=jsonschema.Draft202012Validator)
    with app.app_context():
        for fmt, export in EXPORTS.items():
            assert export.render(old), fmt
        rows = list(csv.DictReader(io.StringIO(plan_csv(old).decode("utf-8-sig"))))
    assert any(row["commitment_ids"] for row in rows)  # read off the commitments' sources


def render(app, fmt: str, plan: dict) -> bytes:
    with app.app_context():
        body = EXPORTS[fmt].render(plan)
    return body.encode() if isinstance(body, str) else body


def spanish(plan: dict, **changes) -> dict:
    return {**copy.deepcopy(plan), **changes}


# --- Word ---------------------------------------------------------------------------------


def word(app, plan: dict):
    return docx.Document(io.BytesIO(render(app, "docx", plan)))


def headings(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def tables_after_headings(document) -> dict[str, Table]:
    """Each Heading 2 with the first table that follows it: a commitment and its fields."""
    found, heading = {}, None
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph) and block.style.name == "Heading 2":
            heading = block.text
        elif isinstance(block, Table) and heading and heading not in found:
            found[heading] = block
    return found


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_word_document_is_the_plan_in_spanish_with_real_headings(hall, app):
    plan, *_ = hall
    document = word(app, plan)
    assert headings(document, "Title") == ["Agua segura para San José"]
    assert headings(document, "Heading 1") == [
        "Cómo se hizo el taller",
        "Participación",
        "Prioridades elegidas por votación",
        "Compromisos",
        "Todos los aportes",
        "Registro de cambios",
    ]
    assert headings(document, "Heading 2") == [
        "1. Red de cañerías",
        "2. Agua en la escuela",
        "Firma de las oficinas responsables",
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Municipio: Municipalidad de San José de Ocoa" in text
    assert "Pregunta: ¿Cómo mejoramos el acceso al agua en nuestros barrios?" in text
    assert "votación por puntos" in text  # the methodology, in the workshop's language
    assert document.core_properties.language == "es"
    normal = document.styles["Normal"].element.rPr
    assert normal.find(qn("w:lang")).get(qn("w:val")) == "es-419"
    ranking = next(t for t in document.tables if rows(t)[0][:2] == ["#", "Tema o idea"])
    # Marta was civil society's only voter. Showing the citizens too would give hers away
    # (7 - 3 - 3), so the citizens are kept back with her; no consensus is claimed either.
    assert rows(ranking)[1] == [
        "1",
        "Red de cañerías",
        "7",
        "no se muestran (ver la nota)",
        "3",
        "menos de 3 personas: no se muestran",
        "",
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Sociedad civil: votaron menos de 3 personas de este rol" in text


def test_the_lead_offices_sign_the_word_plan_and_every_page_is_numbered(hall, app):
    plan, *_ = hall
    document = word(app, spanish(plan))
    tables = tables_after_headings(document)
    sign = rows(tables["Firma de las oficinas responsables"])
    assert sign[0] == ["Oficina responsable", "Compromisos", "Nombre, cargo y firma", "Fecha"]
    assert ["Dirección de Obras Públicas", "1", "", ""] in sign
    footer = document.sections[0].footer.paragraphs[0]
    assert "Página" in footer.text
    instructions = [i.text.strip() for i in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    # A commitment's edit counter is not printed: it read like the plan's own version.
    pipes = dict(rows(tables["1. Red de cañerías"]))
    assert "Versión" not in pipes


def test_each_commitment_is_a_table_of_its_open_government_fields(hall, app):
    plan, *_ = hall
    tables = tables_after_headings(word(app, plan))
    pipes = {label: value for label, value in rows(tables["1. Red de cañerías"])}
    assert pipes["Estado"] == "Acordado"
    assert pipes["Situación actual"] == "La red tiene 40 años y se rompe cada semana."
    assert pipes["Qué se hará"] == f"- {PIPES}\n- {LEAK}"  # one paragraph per line
    assert pipes["Cómo ayudará a resolver el problema"].startswith("Agua todos los días")
    assert pipes["Valores de gobierno abierto"] == "Participación ciudadana, Rendición de cuentas"
    assert pipes["Oficina responsable"] == "Dirección de Obras Públicas"
    assert pipes["Otros actores de gobierno"] == "Empresa municipal de agua"
    assert pipes["Sociedad civil y otros actores"] == "Junta vecinal Año Nuevo"
    assert pipes["Fechas"] == "15 de enero de 2027 → 15 de diciembre de 2027"
    assert pipes["Indicadores"] == "Cortes de agua por mes en Año Nuevo"
    assert pipes["Presupuesto"] == "USD 120.000"
    # Civil society had one voter: their votes are withheld in words, never shown as a zero,
    # and so are the citizens', which would give hers away by subtraction.
    assert pipes["Votos"] == (
        "7 (Vecinos y vecinas: no se muestran (ver la nota), Funcionarios/as: 3, "
        "Sociedad civil: menos de 3 personas: no se muestran)"
    )
    assert f"{PIPES} (vecino/a)" in pipes["Ideas de las que surge"]
    [milestones] = tables["1. Red de cañerías"].rows[list(pipes).index("Hitos")].cells[1].tables
    assert rows(milestones) == [
        ["Fecha", "Hito", "Entregable", "Responsable"],
        [
            "15 de marzo de 2027",
            "Diagnóstico participativo",
            "Mapa de tramos dañados",
            "Obras Públicas",
        ],
        ["30 de junio de 2027", "Licitación", "Contrato firmado", "Compras"],
    ]
    school = dict(rows(tables["2. Agua en la escuela"]))
    assert school["Problema"] == SCHOOL  # drafted from the problem the idea answers
    assert school["Oficina responsable"] == "—" and school["Hitos"] == "—"  # to fill in


def test_the_word_annex_lists_every_contribution_on_a_landscape_page(hall, app):
    plan, ids, _ = hall
    document = word(app, plan)
    annex = next(t for t in document.tables if rows(t)[0][:2] == ["#", "Tipo"])
    header, *body = rows(annex)
    assert header == [
        "#",
        "Tipo",
        "Aporte",
        "Autor/a",
        "Grupo",
        "Compromiso",
        "Votos",
        "Qué pasó con el aporte",
    ]
    assert len(body) == len(plan["contributions"]) == 5
    by_id = {int(row[0]): row for row in body}
    assert by_id[ids["pipes"]][1:] == [
        "Idea",
        PIPES,
        "Rosa Peña (vecino/a)",
        "Red de cañerías",
        "1",
        "7",
        "Alimentó el compromiso 1.",
    ]
    assert by_id[ids["repeat"]][1] == f"Idea (repite el n.º {ids['pipes']})"
    assert by_id[ids["tank"]][3:] == [
        "Juan Ñancupil (funcionario/a)",
        "Agua en la escuela",
        "2",
        "1",
        "Alimentó el compromiso 2.",
    ]
    assert by_id[ids["school"]][1:4] == ["Problema", SCHOOL, "Marta Ibáñez (sociedad civil)"]
    # The problem fed what the idea answering it fed: the tank, commitment 2.
    assert by_id[ids["school"]][5] == "2" and by_id[ids["school"]][7] == "Alimentó el compromiso 2."
    heading_row = annex.rows[0]._tr.trPr
    assert heading_row.find(qn("w:tblHeader")) is not None  # repeats on each page
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE


def test_a_commitment_set_aside_stays_on_record_but_out_of_the_numbered_plan(hall, app):
    plan, *_ = hall
    plan = spanish(plan)
    plan["commitments"][1].update(status="dropped", drop_reason="Lo cubre el plan provincial.")
    document = word(app, plan)
    assert headings(document, "Heading 2") == [
        "1. Red de cañerías",
        "Compromisos descartados",
        "Firma de las oficinas responsables",
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Agua en la escuela: Lo cubre el plan provincial." in text
    markdown = render(app, "md", plan).decode()
    assert "### 2." not in markdown and "Lo cubre el plan provincial." in markdown


def test_a_published_version_says_so_on_its_first_line(hall, app):
    plan, *_ = hall
    published = spanish(plan, status="published", version=2)
    document = word(app, published)
    assert document.paragraphs[1].text == (
        "Borrador de plan de acción municipal · Estado: Publicado, versión 2"
    )
    _, text = pdf_text(render(app, "pdf", published))
    assert "Estado: Publicado, versión 2" in text


# --- PDF ----------------------------------------------------------------------------------


def pdf_text(body: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(body))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def test_the_pdf_prints_the_plan_with_every_accent(hall, app):
    plan, *_ = hall
    reader, text = pdf_text(render(app, "pdf", plan))
    assert len(reader.pages) > 0
    for words in (
        "Municipalidad de San José de Ocoa",
        "¿Cómo mejoramos el acceso al agua en nuestros barrios?",
        "Cómo se hizo el taller",
        "votación por puntos",
        "Participación",
        "Prioridades elegidas por votación",
        "1. Red de cañerías",
        "Dirección de Obras Públicas",
        "Diagnóstico participativo",
        "Juan Ñancupil",
        PIPES,
        "✓",
        "Todos los aportes",
        "Firma de las oficinas responsables",
    ):
        assert words in text, words
    assert (
        reader.metadata.title == "Borrador de plan de acción municipal: Agua segura para San José"
    )
    # The annex's column headings are never cut inside a word («Compromi» over «so»).
    assert "Grupo Compromiso Votos" in text
    assert [item.title for item in reader.outline if not isinstance(item, list)][:3] == [
        "Cómo se hizo el taller",
        "Participación",
        "Prioridades elegidas por votación",
    ]
    fonts = {
        font.get_object()["/BaseFont"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("SourceSans" in name for name in fonts)  # embedded, nothing assumed


def test_a_long_field_flows_onto_the_next_page_and_a_long_link_is_cut(hall, app):
    plan, *_ = hall
    before = len(pypdf.PdfReader(io.BytesIO(render(app, "pdf", plan))).pages)
    long = spanish(plan)
    link = "https://municipio.example/" + "tramo-" * 60
    long["commitments"][0]["benefit"] = "Agua potable en cada hogar. " * 180 + link
    reader, text = pdf_text(render(app, "pdf", long))
    assert len(reader.pages) >= before + 1
    assert text.count("Agua potable en cada hogar.") == 180
    assert "tramo-tramo-" in text and "Todos los aportes" in text


def test_the_pdf_speaks_english_for_an_english_workshop(hall, app):
    plan, *_ = hall
    english = spanish(plan, workshop={**plan["workshop"], "locale": "en"})
    _, text = pdf_text(render(app, "pdf", english))
    assert "How the workshop worked" in text and "dot voting" in text
    assert "Lead office" in text and "All contributions" in text
    assert "Participación" not in text and PIPES in text  # people's words stay as they wrote


def test_a_participant_copy_with_hidden_results_shows_no_ranking(hall, app):
    plan, *_ = hall
    hidden = spanish(
        plan,
        ranking=[],
        results_hidden=True,
        participation={**plan["participation"], "votes": None},
    )
    _, text = pdf_text(render(app, "pdf", hidden))
    assert "Los resultados se mostrarán cuando la persona facilitadora los revele." in text
    rows = list(csv.DictReader(io.StringIO(render(app, "csv", hidden).decode("utf-8-sig"))))
    assert {row["votes"] for row in rows} == {""}  # unknown, never a misleading 0


# --- CSV ----------------------------------------------------------------------------------


def test_the_csv_opens_in_excel_with_accents_and_one_row_per_contribution(hall, app):
    plan, ids, _ = hall
    body = render(app, "csv", plan)
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    assert body.count(b"\r\n") == len(plan["contributions"]) + 1
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == [
        "id",
        "kind",
        "text",
        "author_name",
        "author_role",
        "group",
        "duplicate_of",
        "commitment_ids",
        "votes",
        "outcome",
        "response",
    ]
    assert len(rows) == len(plan["contributions"])
    by_id = {int(row["id"]): row for row in rows}
    assert by_id[ids["pipes"]] == {
        "id": str(ids["pipes"]),
        "kind": "idea",
        "text": PIPES,
        "author_name": "Rosa Peña",
        "author_role": "citizen",
        "group": "Red de cañerías",
        "duplicate_of": "",
        "commitment_ids": str(plan["commitments"][0]["id"]),
        "votes": "7",
        "outcome": "commitment",
        "response": "",
    }
    assert by_id[ids["repeat"]]["duplicate_of"] == str(ids["pipes"])
    assert by_id[ids["school"]]["votes"] == ""  # a problem is on no ballot: not a zero
    assert by_id[ids["school"]]["author_name"] == "Marta Ibáñez"
    assert by_id[ids["school"]]["text"] == SCHOOL
    # A formula typed in the hall stays text in a spreadsheet.
    assert by_id[ids["leak"]]["text"] == "'" + LEAK


# --- Markdown and the dispatcher ----------------------------------------------------------


def test_the_markdown_carries_the_open_government_fields(hall, app):
    plan, *_ = hall
    markdown = render(app, "md", plan).decode()
    assert "**Situación actual:** La red tiene 40 años" in markdown
    assert "**Valores de gobierno abierto:** Participación ciudadana, Rendición de cuentas" in (
        markdown
    )
    assert "**Presupuesto:** USD 120.000" in markdown
    assert "- 15 de marzo de 2027: Diagnóstico participativo · Mapa de tramos dañados" in markdown


def test_every_format_downloads_from_the_plan_url(hall):
    plan, _, workshop = hall
    bearer = {"Authorization": f"Bearer {workshop.facilitator_token}"}
    for fmt, export in EXPORTS.items():
        response = workshop.http.get(f"/api/workshops/{workshop.code}/plan.{fmt}", headers=bearer)
        assert response.status_code == 200, (fmt, response.data[:200])
        assert response.mimetype == export.mimetype
        assert len(response.data) > 200, fmt
    word_file = workshop.http.get(f"/api/workshops/{workshop.code}/plan.docx", headers=bearer)
    assert PIPES in "\n".join(
        cell.text
        for table in docx.Document(io.BytesIO(word_file.data)).tables
        for row in table.rows
        for cell in row.cells
    )


def test_the_plan_ends_with_its_record_of_changes_in_every_document(hall, app):
    plan, ids, _ = hall
    document = word(app, plan)
    assert headings(document, "Heading 1")[-1] == "Registro de cambios"
    record = document.tables[-1]
    header, *body = rows(record)
    assert header == ["Cuándo", "Quién", "Qué cambió", "Antes", "Después"]
    lead = next(row for row in body if "«oficina responsable»" in row[2])
    assert lead[1:] == [
        "Equipo de facilitación (persona facilitadora)",
        "Editó «oficina responsable» del compromiso «Red de cañerías»",
        "—",
        "Dirección de Obras Públicas",
    ]
    phases = [row[3:] for row in body if row[2] == "Pasó el taller a otra fase"]
    assert phases[-1] == ["Votación", "Plan de acción"]

    _, text = pdf_text(render(app, "pdf", plan))
    assert "Registro de cambios" in text and "Editó «oficina responsable»" in text
    markdown = render(app, "md", plan).decode()
    assert "## Registro de cambios" in markdown
    assert "Marcó la tarjeta n.º" in markdown  # the repeat marked while grouping


def test_a_plan_from_before_the_record_gets_no_empty_record_annex(hall, app):
    plan, *_ = hall
    older = {key: value for key, value in plan.items() if key != "changes"}
    assert "Registro de cambios" not in headings(word(app, older), "Heading 1")
