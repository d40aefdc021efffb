"""Today's ids stay valid: each of the 91 area ids of dataset 0.2.0 (the Voronoi drawing)
became a unit or a district, so old links (?area=old_city), old claims and old exports keep
working. geodata/old_area_ids.csv says what each became; docs/method.md lists it."""

from __future__ import annotations

import csv

import pytest

from tests.conftest import REPO

# The ids of geodata/areas_index.csv in dataset 0.2.0, as published.
OLD_IDS = """
    hananu haidariya sakhur suleiman_al_halabi jabal_badro inzarat ayn_al_tal ard_al_hamra
    sheikh_khodr bustan_al_basha sheikh_fares zaytun baaidin hallak tallet_al_zuhur
    tariq_al_bab masaken_al_shabab_masaraniyah halwaniyeh karm_al_jazmati owaija
    karm_al_maysar karm_al_tarab karm_al_khayyat karm_al_aqd qaterji shaar dahret_awwad
    karm_homad marja sheikh_lutfi bab_al_nairab tal_al_shurta sheikh_saeed salihin maadi
    qadi_askar bab_al_hadid mashatiyeh maysaloon karm_al_daadaa bustan_al_qasr kalasa
    fardous sukkari ansari_sharqi mashhad zebdiyeh salah_al_din amiriyah tal_az_zarazir
    old_city citadel sheikh_najjar handarat mallah shuqayf airport sheikh_maqsoud bani_zaid
    masaken_al_shabab_bani_zaid layramoun khalidiyah ashrafiyeh ramouseh ramouseh_academy
    hamdaniyeh apartments_1070 apartments_3000 new_aleppo dahiyat_al_assad minyan rashidin
    zahraa shahba furqan university muhafaza sabil zuhour siryan jamiliyah aziziyah
    sulaymaniyah midan jabriyeh masharqa ansari saif_al_dawla azamiyeh tishreen wafa
""".split()  # noqa: SIM905 (one id list, wrapped)


def mapping() -> dict[str, dict]:
    with (REPO / "geodata" / "old_area_ids.csv").open(encoding="utf-8") as f:
        return {row["old_id"]: row for row in csv.DictReader(f)}


def test_the_mapping_lists_every_old_id_once():
    assert len(OLD_IDS) == 91
    assert sorted(mapping()) == sorted(OLD_IDS)


@pytest.mark.parametrize("old_id", OLD_IDS)
def test_every_old_id_resolves_to_a_unit_or_a_district(aleppo, old_id):
    row = mapping()[old_id]
    places = aleppo.places
    new_id = row["new_id"]
    if row["becomes"] == "unit":
        assert new_id in aleppo.areas.index
    else:
        assert row["becomes"] == "district"
        assert places.is_group(new_id) and places.members[new_id], new_id
    assert new_id == old_id  # no rename so far: the old id itself still works
