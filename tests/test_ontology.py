import pytest

from eventwire import ontology


def test_ontology_has_the_sixteen_plover_types_in_quad_order():
    types = ontology.event_types()
    assert len(types) == 16
    quads = [ontology.code(t).quad_class for t in types]
    assert quads == sorted(quads)
    assert {t for t in types if ontology.code(t).quad_class == 4} == {
        "PROTEST",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }


def test_ontology_maps_old_plover_names_in_one_place():
    assert ontology.canonical_type("DEMAND") == "REQUEST"
    assert ontology.code("DISAPPROVE").type == "ACCUSE"
    with pytest.raises(KeyError):
        ontology.canonical_type("FIGHT_CLUB")


def test_ontology_mode_gives_the_specific_cameo_code():
    visit = ontology.code("CONSULT", "visit")
    assert (visit.cameo, visit.quad_class) == ("042", 1)
    assert ontology.code("CONSULT").cameo == "040"
    assert ontology.code("PROTEST", "demo").cameo == "141"


def test_ontology_goldstein_follows_the_cameo_root_sign():
    for t in ontology.event_types():
        c = ontology.code(t)
        if c.quad_class in (1, 2):
            assert c.goldstein >= 0, t
        else:
            assert c.goldstein < 0, t
    assert ontology.code("ASSAULT").goldstein == -9.0


def test_ontology_unknown_mode_falls_back_to_the_type_code():
    assert ontology.code("SANCTION", "no-such-mode").cameo == ontology.code("SANCTION").cameo
