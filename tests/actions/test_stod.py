"""actions.stod: gathering facts from what is said and answering with the insatser that fit."""

from __future__ import annotations

from bot.texter import text
from tests.actions.support import run, slots_set, tracker


def test_several_facts_in_one_message_are_never_asked_again() -> None:
    messages, events = run(
        "action_samla_fakta", tracker("jag är 14, bor i Farsta och mamma dricker", "describe_situation")
    )
    slots = slots_set(events)
    assert slots["age"] == 14 and slots["stadsdel"] == "Farsta" and slots["kommun"] == "Stockholm"
    assert slots["relation"] == "foralder" and "skadligt_bruk" in slots["narstaende_situation"]
    assert slots.get("fragat") not in ("age", "kommun", "stadsdel", "relation", "narstaende_situation")
    if "matches" in slots:
        # The insatser for children of a parent who drinks come first (most relevant).
        assert {"Stödsamtal för anhöriga", "Humlan", "Barns rätt som anhöriga (BRA-samtal)"} <= set(slots["matches"])
        assert any(button["payload"] == "/show_more" for button in messages[-1]["buttons"])


def test_a_bare_number_answers_the_age_question() -> None:
    messages, events = run("action_samla_fakta", tracker("14", "inform", {"fragat": "age"}))
    assert slots_set(events)["age"] == 14
    assert messages and messages[0]["text"]


def test_an_impossible_age_gets_a_kind_reply_and_is_not_kept() -> None:
    messages, events = run(
        "action_samla_fakta",
        tracker('/inform{"age": 300}', "inform", {"fragat": "age"}, [{"entity": "age", "value": 300}]),
    )
    assert "age" not in slots_set(events)
    assert "300" in messages[0]["text"]


def test_someone_in_another_kommun_is_sent_to_their_own_socialtjanst() -> None:
    messages, events = run("action_samla_fakta", tracker("jag bor i Solna", "inform", {"age": 40, "fragat": "kommun"}))
    assert "Solna" in messages[-1]["text"] and "socialtjänsten" in messages[-1]["text"]
    assert slots_set(events)["matches"] == []


def test_matches_contract_after_an_answer() -> None:
    slots = {
        "age": 15,
        "kommun": "Stockholm",
        "stadsdel": "Farsta",
        "foraldrar_separerade": True,
        "fragat": "egen_situation",
    }
    messages, events = run("action_samla_fakta", tracker("vet inte", "dont_know", slots))
    matches = slots_set(events)["matches"]
    assert "Stödgrupp för barn med separerade föräldrar" in matches
    assert "Farsta stadsdelsförvaltning" in messages[-1]["text"]


def test_an_answer_not_understood_is_asked_again_in_other_words_then_answered() -> None:
    slots = {"age": 44, "kommun": "Stockholm", "fragat": "egen_situation", "antal_fragor": 1}
    messages, events = run("action_samla_fakta", tracker("hmm asså jag vet inte hur jag ska säga", "inform", slots))
    again = messages[-1]
    assert again["text"] != text("fakta.egen_situation.fraga") and again["text"] == text("fraga_igen.valj_situation")
    assert len(again["buttons"]) > 2 and slots_set(events)["missar"] == 1
    messages, events = run(
        "action_samla_fakta", tracker("hmm nej", "inform", {**slots, "missar": 1, "antal_fragor": 2})
    )
    assert slots_set(events)["fragat"] is None and "egen_situation" in slots_set(events)["hoppade_over"]
    assert messages[-1]["text"] != again["text"]


def test_a_message_that_tells_something_else_is_not_met_by_the_same_question() -> None:
    slots = {"fragat": "kommun", "antal_fragor": 1}
    said = "jag är 16 och min pappa dricker"
    messages, events = run("action_samla_fakta", tracker(said, "describe_situation", slots))
    assert slots_set(events).get("fragat") != "kommun"
    assert messages[-1]["text"] != text("fakta.kommun.fraga")


def test_an_answer_to_another_question_is_taken_for_what_it_is() -> None:
    slots = {"fragat": "kommun", "antal_fragor": 1}
    _, events = run("action_samla_fakta", tracker("16", "inform", slots, entities=[]))
    assert slots_set(events)["age"] == 16


def test_a_teen_who_skips_the_situation_is_not_quizzed_about_topics() -> None:
    slots = {"age": 14, "kommun": "Stockholm", "stadsdel": "Farsta", "fragat": "egen_situation"}
    messages, events = run("action_samla_fakta", tracker("vet inte", "dont_know", slots))
    assert "förälder" not in messages[-1]["text"].split("\n")[0]
    assert "Stödsamtal för barn från 12 år" in slots_set(events)["matches"]


def test_a_story_the_lexicon_did_not_read_gets_one_confirming_question() -> None:
    said = "lånen växer och räkningarna hinns inte med"
    messages, events = run("action_samla_fakta", tracker(said, "describe_situation", {"age": 40}))
    slots = slots_set(events)
    assert slots["forslag"] == "egen_situation=skulder" and slots["foreslaget"] == ["egen_situation=skulder"]
    assert any(b["payload"] == '/inform{"egen_situation": "skulder"}' for b in messages[-1]["buttons"])
    asked = {"age": 40, "forslag": "egen_situation=skulder", "foreslaget": ["egen_situation=skulder"]}
    _, events = run("action_samla_fakta", tracker("ja", "affirm", asked))
    assert slots_set(events)["egen_situation"] == ["skulder"] and slots_set(events)["forslag"] is None


def test_an_insats_ruled_out_by_what_the_user_told_is_explained_with_what_they_can_do_instead() -> None:
    shown = ["Stödsamtal för barn från 12 år", "Enskilda stödsamtal utan särskild manual", "Lots"]
    slots = {"age": 13, "kommun": "Stockholm", "egen_situation": ["psykisk_ohalsa"], "matches": shown}
    messages, events = run("action_samla_fakta", tracker("men pappa får inte veta", "describe_situation", slots))
    assert slots_set(events)["vardnadshavare_samtycke"] is False
    explained = messages[0]["text"]
    assert explained.startswith("Stödsamtal för barn från 12 år passar inte längre")
    assert "vårdnadshavare" in explained and "116 111" in explained
    assert "Stödsamtal för barn från 12 år" not in slots_set(events)["matches"]


def test_why_not_after_an_answer_is_answered_with_the_reasons() -> None:
    """ "varför kan jag inte få prata med nån själv?" tells a fact too; the reply is the reasons."""
    slots = {"age": 11, "kommun": "Stockholm", "stadsdel": "Kristineberg", "foraldrar_separerade": True,
             "matches": ["Stödgrupp för barn med separerade föräldrar", "Barngrupper"]}  # fmt: skip
    said = "varför kan jag inte få prata med nån själv?"
    messages, events = run("action_samla_fakta", tracker(said, "inform", slots))
    assert "12 och 17" in messages[0]["text"]
    assert slots_set(events).get("efterfragar_sjalv") is True  # what it told is kept


def test_a_place_question_answered_with_something_else_is_asked_once_more_in_other_words() -> None:
    """ "Var bor du?" answered with the age and a story: thanks, the place asked in other words,
    and after that never again in a row (the answer comes)."""
    asked = {"fragat": "kommun", "antal_fragor": 1, "egen_situation": ["heder"]}
    messages, events = run("action_samla_fakta", tracker("jag e 16. finns det nån som kan hjälpa?", "inform", asked))
    assert messages[0]["text"] == text("fraga.igen.kommun")
    assert slots_set(events)["fragat_igen"] == "kommun" and slots_set(events)["age"] == 16
    again = {**asked, "age": 16, "fragat_igen": "kommun", "missar": 1, "antal_fragor": 2}
    messages, events = run("action_samla_fakta", tracker("jag vill inte säga", "inform", again))
    assert messages[-1]["text"] != text("fraga.igen.kommun") and "matches" in slots_set(events)


def test_a_question_about_the_insatser_shown_is_answered_even_when_it_names_a_relation() -> None:
    """ "måste mina föräldrar veta?" names the parents: still a question, answered at once."""
    slots = {"age": 17, "stadsdel": "Farsta", "egen_situation": ["prostitution"],
             "matches": ["Stödsamtal för barn från 12 år", "Stödsamtal unga brottsutsatta och vittnen"]}  # fmt: skip
    said = "måste mina föräldrar veta om jag går på samtal?"
    messages, _ = run("action_samla_fakta", tracker(said, "inform", slots))
    assert "15" in messages[0]["text"] and len(messages) == 1  # the answer, and no question after it


def test_several_children_are_kept_and_each_gets_what_fits() -> None:
    said = "vi har separerat och bråkar om umgänget. barnen är 11 och 15. vi bor i skarpnäck, jag är 36"
    messages, events = run("action_samla_fakta", tracker(said, "describe_situation"))
    slots = slots_set(events)
    assert slots["barnets_alder"] == [11, 15]
    answer = "\n".join(m.get("text") or "" for m in messages)
    assert "Hannah och Theo" in answer or "Hannah och Theo" in str(slots.get("matches"))
    more, _ = run("action_visa_fler", tracker("/show_more", "show_more", {**slots, "sida": 0}))
    assert more and more[0].get("text")
