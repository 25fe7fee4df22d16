"""The impact page of a version and its exports: read-only, for every signed-in role."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from pipeline.adhesions import import_register
from pipeline.registry import load_registry
from pipeline.store import Store
from pipeline.versions import approve
from tests.adhesions.conftest import REGISTER
from tests.web.conftest import V_NEW, V_OLD, text


def test_impact_page_and_exports(settings, clients):
    with Store(settings.db) as store:
        approve(store, V_OLD, by="Paul Martin", acknowledge_warnings=True, settings=settings)
        import_register(store, REGISTER, load_registry())
    reader = clients("lea")
    page = reader.get(f"/versions/{V_NEW}/impact")
    assert page.status_code == 200
    shown = text(page)
    assert "Adhérents concernés" in shown and "Adhérents non concernés" in shown
    assert "Airon-Saint-Vaast (62016)" in shown  # ended: listed apart
    assert f'href="/versions/{V_NEW}/impact"' in reader.get("/versions").text
    xlsx = reader.get(f"/versions/{V_NEW}/impact.xlsx")
    assert xlsx.status_code == 200
    assert load_workbook(BytesIO(xlsx.content)).sheetnames[0] == "Concernées"
    csv = reader.get(f"/versions/{V_NEW}/impact.csv")
    assert csv.status_code == 200 and "Concernée" in csv.content.decode("utf-8-sig")
    assert reader.get(f"/versions/{V_NEW}/impact.ods").status_code == 404


def test_impact_page_needs_a_signed_in_person(clients):
    anonymous = clients(None)
    response = anonymous.http.get(f"/versions/{V_NEW}/impact", follow_redirects=False)
    assert response.status_code in (302, 303, 401)


def test_impact_of_a_version_with_nothing_before_is_refused(clients):
    page = clients("lea").get(f"/versions/{V_NEW}/impact")
    assert page.status_code == 409 and "aucune version approuvée avant" in text(page)
