"""People written the ways other organisations write them (issue 17, §3)."""

from __future__ import annotations

import pytest

from kindness_core import Role
from kindness_core.importing.people import (
    announces_people,
    extract_people,
    is_people_line,
    label_role,
)


def people(text: str, label: Role | None = None) -> list[tuple]:
    return [
        (m.person.role.value, m.person.honorific, m.person.name, m.person.job_title,
         m.person.organisation)
        for m in extract_people(text, label=label)
    ]  # fmt: skip


def names(text: str) -> list[str]:
    return [m.person.name for m in extract_people(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Speakers: Ana Lima (Chief Nurse, Westfield Trust) and Jo Park (pharmacist)",
         [("speaker", None, "Ana Lima", "Chief Nurse", "Westfield Trust"),
          ("speaker", None, "Jo Park", "pharmacist", None)]),
        ("– Host: Tomasz Zieliński", [("host", None, "Tomasz Zieliński", None, None)]),
        ("• Chair: Prof. Dr. Greta Holm", [("host", "Prof", "Greta Holm", None, None)]),
        ("Facilitators: Ruth Abebe & Colm O'Neill",
         [("facilitator", None, "Ruth Abebe", None, None),
          ("facilitator", None, "Colm O'Neill", None, None)]),
        ("Co-speaker: Ms. Dana Whitcombe, ward sister, Eastbrook Infirmary",
         [("co-speaker", "Ms", "Dana Whitcombe", "ward sister", "Eastbrook Infirmary")]),
        ("Panellists: Omar Haddad; Lucia Ferrante; Piet van der Berg",
         [("speaker", None, n, None, None)
          for n in ("Omar Haddad", "Lucia Ferrante", "Piet van der Berg")]),
        ("Guests: Maria de la Cruz (midwife; lecturer, Northgate College)",
         [("speaker", None, "Maria de la Cruz", "lecturer", "Northgate College")]),
        ("Organiser: Adam bin Yusuf (Events Lead)",
         [("coordinator", None, "Adam bin Yusuf", "Events Lead", None)]),
        ("Facilitator — Noor Aziz — Peer Worker, Hillside Recovery Network",
         [("facilitator", None, "Noor Aziz", "Peer Worker", "Hillside Recovery Network")]),
        ("Dr. Ines Moreau — Geriatrician — Lakeview General Hospital",
         [("speaker", "Dr", "Ines Moreau", "Geriatrician", "Lakeview General Hospital")]),
        ("Professor Ayo Bankole (Professor of Anatomy)",
         [("speaker", "Professor", "Ayo Bankole", "Professor of Anatomy", None)]),
        ("Presenters: Łucja Kowal, Ørjan Dahl, Émile Roux, Nguyễn Thị Lan",
         [("speaker", None, n, None, None)
          for n in ("Łucja Kowal", "Ørjan Dahl", "Émile Roux", "Nguyễn Thị Lan")]),
        ("With: Fatima al-Hassan and Seán Ó Briain",
         [("speaker", None, "Fatima al-Hassan", None, None),
          ("speaker", None, "Seán Ó Briain", None, None)]),
    ],
)  # fmt: skip
def test_labelled_lists_and_rows(text: str, expected: list[tuple]) -> None:
    assert people(text) == expected
    assert is_people_line(text)
    assert announces_people(text) is not None or "—" in text or "(" in text


def test_a_label_alone_gives_its_part_to_the_rows_after_it() -> None:
    assert label_role("Co-speaker:") == Role.CO_SPEAKER
    assert label_role("Hosts") == Role.HOST
    assert label_role("Speaker — Role — Organisation") == Role.SPEAKER
    assert label_role("Host: Ana Lima") is None
    row = "Dr. Pavel Novak – data scientist, Northgate Institute"
    assert people(row, Role.CO_SPEAKER) == [
        ("co-speaker", "Dr", "Pavel Novak", "data scientist", "Northgate Institute")
    ]
    assert people("Ana Lima", Role.HOST) == [("host", None, "Ana Lima", None, None)]
    assert is_people_line(row, label=Role.SPEAKER)
    assert is_people_line("Panel:")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This month paramedic Tom Reyes joined us to talk about night calls.",
         [("speaker", None, "Tom Reyes", "paramedic", None)]),
        ("We heard from nurses Ana Lima and Jo Park, who run the ward.",
         [("speaker", None, "Ana Lima", "nurse", None),
          ("speaker", None, "Jo Park", "nurse", None)]),
        ("We received the stand-up comedian Kit Marlowe, who made us laugh.",
         [("speaker", None, "Kit Marlowe", "stand-up comedian", None)]),
        ("Our guest was GP Dr Yara Haddad, who answered questions.",
         [("speaker", "Dr", "Yara Haddad", "GP", None)]),
        ("Ben Ode, a consultant geriatrician at Riverside Hospital, explored frailty.",
         [("speaker", None, "Ben Ode", "consultant geriatrician", "Riverside Hospital")]),
        ("Ada Obi (Chief Nurse, Westfield Trust) talked about safe staffing.",
         [("speaker", None, "Ada Obi", "Chief Nurse", "Westfield Trust")]),
        ("Our guests were Sam Lee and Ravi Patel.",
         [("speaker", None, "Sam Lee", None, None), ("speaker", None, "Ravi Patel", None, None)]),
        ("The evening had contributions from Lena Fischer and Yusuf Demir.",
         [("speaker", None, "Lena Fischer", None, None),
          ("speaker", None, "Yusuf Demir", None, None)]),
        ("We have welcomed Dr Clara Voss, surgeon at Hillside Clinic, together with "
         "Tariq Aziz, a theatre nurse.",
         [("speaker", "Dr", "Clara Voss", "surgeon", "Hillside Clinic"),
          ("speaker", None, "Tariq Aziz", "theatre nurse", None)]),
        ("An evening featuring Rosa Lind.", [("speaker", None, "Rosa Lind", None, None)]),
        ("A morning in conversation with Hugo Brandt.",
         [("speaker", None, "Hugo Brandt", None, None)]),
        ("Many thanks to Erin Walsh for hosting.", [("host", None, "Erin Walsh", None, None)]),
        ("The panel was chaired by Ms. Pia Kern.", [("host", "Ms", "Pia Kern", None, None)]),
        ("Our host for the evening was Leo Marsh.", [("host", None, "Leo Marsh", None, None)]),
        ("Ten of us met; Dana Frost opened the session with a poem.",
         [("speaker", None, "Dana Frost", None, None)]),
        ("Our Muslim chaplain, Idris Khan, spoke first.",
         [("speaker", None, "Idris Khan", "Muslim chaplain", None)]),
        ("Trustee Gwen Ellis chaired the meeting.",
         [("host", None, "Gwen Ellis", "Trustee", None)]),
        ("The slides are below. Also speaking: Omar Said (Porter), who told a story.",
         [("speaker", None, "Omar Said", "Porter", None)]),
    ],
)  # fmt: skip
def test_people_introduced_in_prose(text: str, expected: list[tuple]) -> None:
    assert people(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The talk took place at Riverside Hospital and St Mary's Hospice.",
        "We discussed how Clean Language helps in March and April.",
        "Inspired by the work of Dr Ann Lee, the group shared their stories.",
        "We spoke about the research of Dr Rosa Lind on humour in care.",
        "He opened with a poem by the poet Agnes Holt about winter light.",
        "Quoting Mary Stone, the room reflected on hope.",
        "Dr Ann Lee's book was discussed at length.",
        "With Christmas approaching, the group shared their plans.",
        "Monday Evening Talks resume in September.",
        "Dr Okafor answered the rest in writing.",
        "Session Notes — PDF — Download",
        "The Tyneside Health Branch hosted the evening.",
        "Read the Meeting Report (PDF).",
        "Hosted by the Westfield Wellbeing Team.",
    ],
)
def test_no_one_is_invented(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("Speakers: Ana Lima and Jo Park", True),
        ("Ana Lima — GP — Westfield Practice", True),
        ("Ana Lima (GP)", True),
        ("Also speaking: Omar Said (Porter), who told a story about nights.", False),
        ("Ana Lima, a GP at Westfield Practice, talked about sleep.", False),
        ("The notes are below.", False),
    ],
)
def test_is_people_line(text: str, only: bool) -> None:
    assert is_people_line(text) is only


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("With contributions from the audience.", "With contributions from"),
        ("Speakers: to be confirmed", "Speakers:"),
        ("– Guests: tbc", "Guests:"),
        ("Our guest was a surprise.", "Our guest was"),
        ("We heard from the groups.", None),
        ("The notes are below.", None),
    ],
)
def test_announces_people(text: str, trigger: str | None) -> None:
    assert announces_people(text) == trigger
    assert extract_people(text) == ()


# -- Second round (H4b): rules a careful reader applies, on sentences of other writers.

D, SP, HO = "Dr", "speaker", "host"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An honorific and a full name take part, in any sentence.
        (
            "The keynote was delivered by Dr Marta Oyelowo, Head of Nursing at Fernhill "
            "General Hospital, who spoke about rest.",
            [(SP, D, "Marta Oyelowo", "Head of Nursing", "Fernhill General Hospital")],
        ),
        (
            "After the break she was followed by Mr Ilias Petrakis, a hospital porter, who "
            "described the night shift.",
            [(SP, "Mr", "Ilias Petrakis", "hospital porter", None)],
        ),
        (
            "The group was glad to host Ms Ingrid Solberg, Ward Manager at Lakeside Hospice, "
            "together with Mrs Ruth Adeyemi, a family carer.",
            [
                (SP, "Ms", "Ingrid Solberg", "Ward Manager", "Lakeside Hospice"),
                (SP, "Mrs", "Ruth Adeyemi", "family carer", None),
            ],
        ),
        (
            "Closing remarks came from Professor Kwame Asante.",
            [(SP, "Professor", "Kwame Asante", None, None)],
        ),
        (
            "Members heartily thanked Prof. Halvard Nygaard for his candour.",
            [(SP, "Prof", "Halvard Nygaard", None, None)],
        ),
        (
            "It was chaired by Dr Esi Mensah. Ms Carla Ruiz, a social worker in Dunmore, "
            "gave the talk.",
            [(HO, D, "Esi Mensah", None, None), (SP, "Ms", "Carla Ruiz", "social worker", None)],
        ),
        (
            "An address by Rev Tomos Pryce, chaplain at Hillside Hospice, opened the evening.",
            [(SP, None, "Tomos Pryce", "Rev", "Hillside Hospice")],
        ),
        (
            "Sister Bernadette Okafor spoke about night rounds.",
            [(SP, None, "Bernadette Okafor", "Sister", None)],
        ),
        (
            "We heard first from Mr Pieter de Wit, a pharmacist placed at Dunmore Pharmacy.",
            [(SP, "Mr", "Pieter de Wit", "pharmacist", "Dunmore Pharmacy")],
        ),
    ],
)
def test_an_honorific_and_a_name_is_a_person_in_any_sentence(
    text: str, expected: list[tuple]
) -> None:
    assert people(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The discussion returned to the writings of the late Dr Edwin Marsh on rural care.",
        "Quoting Dr Amara Osei, she said that kindness is a skill.",
        "We ended with a poem by Dr Helga Brandt about waiting.",
        "Her approach is inspired by Professor Tove Lund and her students.",
        "The research of Prof Ramon Aguilar was mentioned twice.",
        "According to Dr Sana Iqbal, most carers never ask for help.",
        "Many of us have read the book by Mrs Elsie Pratt on ward life.",
        "The room was named after Sister Agnes Maloney, matron for thirty years.",
    ],
)
def test_an_honorific_in_a_passing_mention_is_not_a_person(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Dr Lindqvist then answered questions from the floor.",
        "The slides presented by Ms Ferreira may be downloaded.",
        "Professor Haddad's talk was recorded.",
        "Mrs Kowalski and Mr Abara both spoke about grief.",
    ],
)
def test_an_honorific_and_a_surname_is_a_re_mention_not_a_new_person(text: str) -> None:
    assert names(text) == []


def test_a_re_mention_merges_with_the_person_already_named() -> None:
    text = (
        "We welcomed Ms Ingrid Solberg, Ward Manager at Lakeside Hospice. "
        "Ms Solberg described her first year, and Ms Ingrid Solberg took questions."
    )
    assert names(text) == ["Ingrid Solberg"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Job titles are never names, and a capitalised description before a name is one.
        (
            "The evening was hosted by Dr Ana Ruiz, Principal Family Physician at Dunmore "
            "Hospital.",
            [(HO, D, "Ana Ruiz", "Principal Family Physician", "Dunmore Hospital")],
        ),
        (
            "It was introduced by Dr Kofi Mensah, Specialist Obstetrician at Lakeside "
            "Regional Hospital.",
            [(SP, D, "Kofi Mensah", "Specialist Obstetrician", "Lakeside Regional Hospital")],
        ),
        (
            "Pharmacists Omar Haddad and Lucy Brennan explained how repeat prescriptions work.",
            [
                (SP, None, "Omar Haddad", "pharmacist", None),
                (SP, None, "Lucy Brennan", "pharmacist", None),
            ],
        ),
        (
            "Community Nurses Ewa Nowak and Li Wei described their home visits.",
            [
                (SP, None, "Ewa Nowak", "community nurse", None),
                (SP, None, "Li Wei", "community nurse", None),
            ],
        ),
        (
            "Clinical Nurse Specialist Hana Sato opened the evening.",
            [(SP, None, "Hana Sato", "Clinical Nurse Specialist", None)],
        ),
        (
            "Senior Registrar Tomasz Nowicki talked about night shifts.",
            [(SP, None, "Tomasz Nowicki", "Senior Registrar", None)],
        ),
        (
            "Our guest was Femi Adebayo, Chairperson of the Patients' Panel.",
            [(SP, None, "Femi Adebayo", "Chairperson of the Patients' Panel", None)],
        ),
    ],
)
def test_job_titles_are_not_names(text: str, expected: list[tuple]) -> None:
    assert people(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The talk was given by Ruth Okonjo, a health visitor.",
            [(SP, None, "Ruth Okonjo", "health visitor", None)],
        ),
        ("Tom Reyes spoke first, followed by Ana Lima.", ["Tom Reyes", "Ana Lima"]),
        ("A talk by Jonas Berg opened the session.", ["Jonas Berg"]),
        ("She was accompanied by Priya Nair, a student nurse.", ["Priya Nair"]),
        (
            "Amal Haddad spoke alongside Grete Olsen about dementia care.",
            ["Amal Haddad", "Grete Olsen"],
        ),
        ("An evening in conversation with Bryony Hale, hospice volunteer.", ["Bryony Hale"]),
        ("This month: featuring Kenji Mori and Ola Nordmann.", ["Kenji Mori", "Ola Nordmann"]),
        (
            "We began by welcoming Jo Pearce, a clinical psychologist at Hill Street Practice.",
            [(SP, None, "Jo Pearce", "clinical psychologist", "Hill Street Practice")],
        ),
        ("🎤 Ana Lima, GP, Riverside Surgery", [(SP, None, "Ana Lima", "GP", "Riverside Surgery")]),
        ("• Ines Duarte (co-ordinator)", [("coordinator", None, "Ines Duarte", None, None)]),
    ],
)
def test_more_words_that_introduce_people(text: str, expected: list) -> None:
    got = people(text) if isinstance(expected[0], tuple) else names(text)
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A line that is only names and their details, without a label.
        (
            "Dr Oskar Lind, Consultant Geriatrician, Eastfield Hospital",
            [(SP, D, "Oskar Lind", "Consultant Geriatrician", "Eastfield Hospital")],
        ),
        (
            "Tilde Aas, Youth Ambassador, Bright Minds Trust",
            [(SP, None, "Tilde Aas", "Youth Ambassador", "Bright Minds Trust")],
        ),
        (
            "Mr Sean Walsh, trained community volunteer",
            [(SP, "Mr", "Sean Walsh", "trained community volunteer", None)],
        ),
        (
            "Ana Lima (GP, Hill Surgery); Jo Park (co-ordinator)",
            [
                (SP, None, "Ana Lima", "GP", "Hill Surgery"),
                ("coordinator", None, "Jo Park", None, None),
            ],
        ),
        (
            "Prof Ewa Lis (University of the North Coast); Ray Kent (Data Analyst)",
            [
                (SP, "Prof", "Ewa Lis", None, "University of the North Coast"),
                (SP, None, "Ray Kent", "Data Analyst", None),
            ],
        ),
    ],
)
def test_rows_without_a_label(text: str, expected: list[tuple]) -> None:
    assert people(text) == expected
    assert is_people_line(text)


@pytest.mark.parametrize(
    "text",
    [
        "Participants from the Northern Cape and New Zealand described local arrangements.",
        "The Eastern Cape Health Department hosted the first meeting.",
        "Her talk, 'Kindness at the Bedside', was well received.",
        "Lakeside Hospice and Fernhill General Hospital joined forces last year.",
        "Kindness Cafe, Leeds",
        "Northern Cape, South Africa",
        "The Steering Committee resolved that the Dialogue would not be convened.",
        "Specialist Obstetricians and Principal Family Physicians are welcome.",
        "Each Dialogue is facilitated by members of the Network.",
        "Tilde Aas, a GP at Hill Surgery, talked about sleep.",
    ],
)
def test_places_organisations_and_titles_are_not_people(text: str) -> None:
    assert [n for n in names(text) if n != "Tilde Aas"] == []
    assert not is_people_line(text)


@pytest.mark.parametrize(
    "line",
    [
        "Tilde Aas, nurse at Hill Surgery",
        "Dr Tilde Aas, nurse at Hill Surgery",
        "– Tilde Aas, bereavement volunteer",
        "Tilde Aas, volunteer services manager",
    ],
)
def test_a_name_and_a_job_in_lower_case_is_a_row(line: str) -> None:
    """A list item "Priyanka Desai, bereavement volunteer" is a person and her job title."""
    assert names(line) == ["Tilde Aas"]
    assert is_people_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Hill Surgery, our partner practice",
        "March 2025, a good month",
        "Tilde Aas, who hosted us, was wonderful.",  # prose, not a row
    ],
)
def test_a_capitalised_pair_and_words_is_not_always_a_row(line: str) -> None:
    assert not is_people_line(line)


@pytest.mark.parametrize(
    "name",
    [
        "Siti Aminah binte Yusof",
        "Haziq bin Abdullah",
        "Farah binti Ismail",
        "Kumar a/l Rajendran",
        "Devi a/p Subramaniam",
        "Arun s/o Pillai",
        "Rhodri ap Gwilym",
        "Annelies van den Broek",
        "Maria de la Cruz",
        "Keiko Tanaka-Evans",
        "Daniel Ong Keng Hwa",
    ],
)
def test_names_with_particles_patronymics_and_hyphens(name: str) -> None:
    assert names(f"Speakers: {name} (staff nurse)") == [name]
    assert names(f"The talk was given by {name}, who works nights.") == [name]
    assert names(f"The case was presented by Senior Staff Nurse {name}.") == [name]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Head of …" is one title; an organisation after a comma is still split off
        ("Panel: Ms Ana Lima, Head of Pastoral Care", ("Head of Pastoral Care", None)),
        ("Panel: Mr Jo Park (Head of Patient Experience, RBH)",
         ("Head of Patient Experience", "RBH")),
        # a place after "from" a lower-case job, and years of experience, are not kept
        ("We welcomed Ana Lima, a support worker from Leith with 15 years on the wards.",
         ("support worker", None)),
        ("We welcomed Ana Lima, a porter with over twenty years' service.", ("porter", None)),
        # an organisation that starts with an acronym, even with a number
        ("We welcomed Ana Lima, a rep with UNISON Branch 12.", ("rep", "UNISON Branch 12")),
        ("We welcomed Ana Lima, a steward with GMB Local 4.", ("steward", "GMB Local 4")),
    ],
)  # fmt: skip
def test_details_around_a_name(text: str, expected: tuple) -> None:
    (found,) = extract_people(text)
    assert (found.person.job_title, found.person.organisation) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Presenter: Grace Otieno, community health worker, Riverside community unit",
            [("Grace Otieno", "community health worker", "Riverside community unit")],
        ),
        (
            "Speaker: Anders Lie, home care nurse, Bydel Nord",
            [("Anders Lie", "home care nurse", "Bydel Nord")],
        ),
        (
            "Respondent: Dr Ada Obi, family physician, Lakeside Teaching and Referral Hospital",
            [("Ada Obi", "family physician", "Lakeside Teaching and Referral Hospital")],
        ),
        (  # a job title after the next name: two people
            "Speakers: Anna Lee, nurse, Tom Ray, paramedic",
            [("Anna Lee", "nurse", None), ("Tom Ray", "paramedic", None)],
        ),
        (  # details in brackets: the next capitalised segment is a person
            "The panel was Fiona Marsh (Chief Executive), Sam Gill (Director of Care) and Jo Lane",
            [("Fiona Marsh", "Chief Executive", None), ("Sam Gill", "Director of Care", None),
             ("Jo Lane", None, None)],
        ),
    ],
)  # fmt: skip
def test_a_capitalised_segment_after_a_job_title_is_the_organisation(text, expected) -> None:
    found = [(m.person.name, m.person.job_title, m.person.organisation)
             for m in extract_people(text)]  # fmt: skip
    assert found == expected


@pytest.mark.parametrize("separator", [" · ", " • ", "; "])
def test_people_separated_by_middle_dots_or_bullets(separator: str) -> None:
    items = ["Jun Park (patient partner)", "Nadia Osei (nurse specialist, Lakeshore General)",
             "Marguerite Roy (co-chair, host)"]  # fmt: skip
    found = [(m.person.name, m.person.role.value)
             for m in extract_people("With: " + separator.join(items))]  # fmt: skip
    assert found == [("Jun Park", "speaker"), ("Nadia Osei", "speaker"), ("Marguerite Roy", "host")]
