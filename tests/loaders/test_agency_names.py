"""Agencies named as people write them, several to a cell."""

from __future__ import annotations

from stratagraph.loaders.agency_names import NameIndex, split_names


def index() -> NameIndex:
    names = NameIndex("agency")
    names.add("agency/cuc-bao-chi", "Cục Báo chí", ["Cục Báo chí", "CBC"])
    names.add("agency/bo-vhttdl", "Bộ Văn hóa, Thể thao và Du lịch", ["Bộ Văn hóa, Thể thao và Du lịch"])
    return names


def test_commas_separate_names_except_inside_a_name() -> None:
    cell = "Cục Báo chí, Bộ Văn hóa, Thể thao và Du lịch; CBC"
    assert split_names(index(), cell) == ["Cục Báo chí", "Bộ Văn hóa, Thể thao và Du lịch", "CBC"]


def test_a_name_written_with_more_commas_than_its_own_is_still_one_name() -> None:
    assert split_names(index(), "Bộ Văn hóa, Thể thao, và Du lịch, CBC") == ["Bộ Văn hóa, Thể thao, và Du lịch", "CBC"]


def test_empty_parts_between_commas_are_no_names() -> None:
    assert split_names(index(), "CBC,, ,Sở X") == ["CBC", "Sở X"]


def test_an_unknown_name_is_hinted_once_and_the_same_way_each_time() -> None:
    names = index()
    assert names.resolve("Cuc Bao chj") == (None, "did you mean 'Cục Báo chí' (agency/cuc-bao-chi)?")
    assert names.resolve("Cuc Bao chj") == (None, "did you mean 'Cục Báo chí' (agency/cuc-bao-chi)?")
