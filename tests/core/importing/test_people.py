"""Finding the people of a conversation in archive prose."""

from __future__ import annotations

import pytest

from kindness_core import Person, Role
from kindness_core.importing.people import MAX_SENTENCE, Mention, extract_people, merge_people


def people(text: str) -> list[tuple[str, str | None, str, str | None, str | None]]:
    return [
        (m.person.role.value, m.person.honorific, m.person.name, m.person.job_title,
         m.person.organisation)
        for m in extract_people(text)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our conversation was led by Amy Edmondson, Novartis Professor of Leadership and "
         "Management at Harvard Business School, who is renowned for her research.",
         [("speaker", None, "Amy Edmondson", "Novartis Professor of Leadership and Management",
           "Harvard Business School")]),
        # "led" without "by" still leads into a name.
        ("Our conversation was led Dr Sanjiv Ahluwalia, Head of School.",
         [("speaker", "Dr", "Sanjiv Ahluwalia", "Head of School", None)]),
        ("We were joined by the team behind the Clean Language movement, Dr Hesham Abdalla, "
         "Judy Rees, and Steve McCann.",
         [("speaker", "Dr", "Hesham Abdalla", None, None),
          ("speaker", None, "Judy Rees", None, None),
          ("speaker", None, "Steve McCann", None, None)]),
        ("We heard from two speakers, Ed Fidoe and James Handscombe, who both spoke.",
         [("speaker", None, "Ed Fidoe", None, None),
          ("speaker", None, "James Handscombe", None, None)]),
        ("Bob Klaber and Maureen Bisognano led the discussion.",
         [("speaker", None, "Bob Klaber", None, None),
          ("speaker", None, "Maureen Bisognano", None, None)]),
        ("James Mountford, founder of the London Interdisciplinary School, coordinated this.",
         [("coordinator", None, "James Mountford", "founder", "London Interdisciplinary School")]),
        ("Watch the conversation, hosted by Bob Klaber and Suzie Bailey, below.",
         [("host", None, "Bob Klaber", None, None), ("host", None, "Suzie Bailey", None, None)]),
        ("Watch the conversation hosted by Suzie Bailey with guest speakers Dr Victor Montori "
         "and co-speaker Dr Dominique Allwood, who shared their work.",
         [("host", None, "Suzie Bailey", None, None),
          ("speaker", "Dr", "Victor Montori", None, None),
          ("co-speaker", "Dr", "Dominique Allwood", None, None)]),
        ("Paediatric intensivists from Evelina Children’s Hospital – Miriam Fine Goulden, "
         "Marilyn McDougall and Shelley Riphagen – reflected on their experiences.",
         [("speaker", None, n, "Paediatric intensivist", "Evelina Children’s Hospital")
          for n in ("Miriam Fine Goulden", "Marilyn McDougall", "Shelley Riphagen")]),
        # Items separated by ":" and ";", each with its own appositive.
        ("We heard from: Victoria O’Brien, a registrar on secondment to the Care Quality "
         "Commission: Astrid Etherington, who is completing a fellowship; and Nigel Acheson, "
         "Regional Medical Officer for the South Region of the NHS England, and previously "
         "Deputy Chief Inspector.",
         [("speaker", None, "Victoria O’Brien", "registrar on secondment",
           "Care Quality Commission"),
          ("speaker", None, "Astrid Etherington", None, None),
          ("speaker", None, "Nigel Acheson", "Regional Medical Officer for the South Region",
           "NHS England")]),
        # A colon inside a job title does not split the list.
        ("They heard from John Ballatt, author of Intelligent Kindness: Reforming the Culture "
         "of Healthcare, and consultant paediatrician Dr Kate Pryde, before the breakout.",
         [("speaker", None, "John Ballatt",
           "author of Intelligent Kindness: Reforming the Culture of Healthcare", None),
          ("speaker", "Dr", "Kate Pryde", "consultant paediatrician", None)]),
        ("Maureen Bisognano, President Emerita and Senior Fellow, IHI, and Gabby Matthews, "
         "Youth Expert Adviser, NHS England, share insights.",
         [("speaker", None, "Maureen Bisognano", "President Emerita and Senior Fellow", "IHI"),
          ("speaker", None, "Gabby Matthews", "Youth Expert Adviser", "NHS England")]),
        ("In this conversation, author and patient advocate Sue Robins led the conversation.",
         [("speaker", None, "Sue Robins", "author and patient advocate", None)]),
        ("In this conversation, Henrietta Hughes, the first appointed Patient Safety "
         "Commissioner for England, led the conversation.",
         [("speaker", None, "Henrietta Hughes",
           "first appointed Patient Safety Commissioner for England", None)]),
        ("For this Conversation, we were joined by Professor Michael West who spoke on leading.",
         [("speaker", "Professor", "Michael West", None, None)]),
        ("Paul Batalden, Emeritus Professor at The Dartmouth Institute, also spoke.",
         [("speaker", None, "Paul Batalden", "Emeritus Professor", "The Dartmouth Institute")]),
        ("Watch the presentation from Maureen Bisognano, President Emerita and Senior Fellow, "
         "Institute for Healthcare Improvement, on the concept of Eudaimonia.",
         [("speaker", None, "Maureen Bisognano", "President Emerita and Senior Fellow",
           "Institute for Healthcare Improvement")]),
        ("The talk was chaired by Dr. Jane Smith.",
         [("host", "Dr", "Jane Smith", None, None)]),
    ],
)  # fmt: skip
def test_patterns_of_the_seed(text: str, expected: list[tuple]) -> None:
    assert people(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Eight groups shared a 2-3 minute presentation about how they are focused on humanity.",
        "Kindness in Healthcare community members came together to connect and discuss care.",
        "More than 80 Kindness in Healthcare community members came together for this.",
        "This meeting had a special format – we heard from ‘kindness experts’ from our community.",
        "Michael first discussed the relationship between happiness and work.",
        "He reflected on growing evidence that empathy diminishes.",
        "To close the conversation, the group reflected on the themes.",
        "This month, we discussed practical applications of kindness.",
        "Henrietta Hughes led the conversation on listening to Patients and Relatives.",
        "We heard about their ambition, and learned how Clean Language facilitates communication.",
        "Guest speakers usually lead the conversation before members divide into groups.",
        "Download the insights and summary of the conversation",
        "Watch the conversation and presentations below.",
        "",
    ],
)
def test_no_one_is_invented(text: str) -> None:
    found = [name for _, _, name, _, _ in people(text)]
    assert found in ([], ["Henrietta Hughes"])


def test_positions_follow_the_text() -> None:
    found = extract_people("Cath Crock, Sue Robins and Nicki Macklin discuss their work.")
    assert [m.position for m in found] == [0, 12, 27]


def test_a_person_named_twice_is_merged_with_the_specific_part() -> None:
    text = "Watch it hosted by Suzie Bailey. Suzie Bailey, Director of Care, shared her work."
    assert people(text) == [("host", None, "Suzie Bailey", "Director of Care", None)]


def test_merge_people_fills_in_details() -> None:
    first = Mention(person=Person(name="Kate Pryde"), position=5)
    second = Mention(person=Person(name="Kate Pryde", honorific="Dr", role=Role.HOST,
                                   job_title="consultant"), position=50)  # fmt: skip
    (merged,) = merge_people([second, first])
    assert merged.position == 5
    assert merged.person == Person(name="Kate Pryde", honorific="Dr", role=Role.HOST,
                                   job_title="consultant")  # fmt: skip


def test_overlong_sentences_are_not_read() -> None:
    sentence = "Cath Crock and Sue Robins discuss " + "kindness " * (MAX_SENTENCE // 9) + "."
    assert extract_people(sentence) == ()
    assert len(extract_people(sentence[:200] + ".")) == 2


def test_whitespace_is_normalised_before_reading() -> None:
    assert people("Cath\u00a0Crock  and Sue\u00a0Robins discuss.") == [
        ("speaker", None, "Cath Crock", None, None),
        ("speaker", None, "Sue Robins", None, None),
    ]


# --- Labels of any words, and phrases before "was"/"were" (issue 17, third round) ---

SP, HO, FA, CO = "speaker", "host", "facilitator", "coordinator"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the label's words give the part: chair/host → host, facilitat… → facilitator,
        # co-ordinat…/organis… → coordinator, anything else → speaker
        ("In the chair: Prof Lena Brandt.", [(HO, "Prof", "Lena Brandt", None, None)]),
        ("Chairing tonight: Omar Haddad (charge nurse)",
         [(HO, None, "Omar Haddad", "charge nurse", None)]),
        ("Our MC for the evening: Ruth Abebe", [(HO, None, "Ruth Abebe", None, None)]),
        ("Table facilitator: Colm O'Neill, ward sister, Eastbrook Infirmary",
         [(FA, None, "Colm O'Neill", "ward sister", "Eastbrook Infirmary")]),
        ("Event co-ordinator: Ms Hana Sato (Practice Manager)",
         [(CO, "Ms", "Hana Sato", "Practice Manager", None)]),
        ("Local organiser: Piet van der Berg", [(CO, None, "Piet van der Berg", None, None)]),
        ("On the couch: Dr Ade Bello (GP registrar) + Mia Kahn (student midwife)",
         [(SP, "Dr", "Ade Bello", "GP registrar", None),
          (SP, None, "Mia Kahn", "student midwife", None)]),
        ("Discussant: Dr Ana Lima, Senior Lecturer, Faculty of Law",
         [(SP, "Dr", "Ana Lima", "Senior Lecturer", "Faculty of Law")]),
        ("Responding: Jo Park", [(SP, None, "Jo Park", None, None)]),
        ("Starting us off: volunteer Tom Reyes", [(SP, None, "Tom Reyes", "volunteer", None)]),
        ("→ Up first: Lucia Ferrante and Omar Haddad",
         [(SP, None, "Lucia Ferrante", None, None), (SP, None, "Omar Haddad", None, None)]),
    ],
)  # fmt: skip
def test_a_label_of_any_words_before_names(text: str, expected: list[tuple]) -> None:
    assert people(text) == expected


def test_a_label_in_the_middle_of_a_paragraph_and_the_prose_after_it() -> None:
    text = (
        "We looked at a hard case. Discussant: Dr Ana Lima, Consultant. In the chair: "
        "Jo Park (GPST2). Tom Reyes, a nurse at Hill Surgery, talked about rotas."
    )
    assert people(text) == [
        (SP, "Dr", "Ana Lima", "Consultant", None),
        (HO, None, "Jo Park", "GPST2", None),
        (SP, None, "Tom Reyes", "nurse", "Hill Surgery"),
    ]


def test_a_labelled_list_ends_where_its_sentence_ends() -> None:
    assert people("Guest: Dr Ana Lima, GP at Hill Surgery. Talked about thank-you cards.") == [
        (SP, "Dr", "Ana Lima", "GP", "Hill Surgery")
    ]
    assert people("Host: Jo Park (TPD, Cwm Isaf). First meeting of the year.") == [
        (HO, None, "Jo Park", "TPD", "Cwm Isaf")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Note: the room has changed",
        "Where: Teams",
        "When: last Thursday",
        "Bring: a paned",
        "Bring: Tea Bags and Biscuits",
        "Theme: Compassion Fatigue",
        "Reading: Tender Mercies (chapters 1-3)",
        "Slides: Speaking Up as a Student (PDF)",
        "Topics ended up being: rota stress, the ePortfolio, and a dog",
        "Venue: Ty Coch, Cardiff",
        "Heads up: May got moved to Thursday, May 15.",
        "Apologies: Ana Lima and Jo Park",
        "Posted by: Jo Park",
        "Spoiler: he runs late.",
        "Jo Park: Ana Lima",
        "Our question: Kindness Matters (and why)",
        "In the chair: a different member each month.",
        "Feb 2025: Love Letters to the Night Shift",
    ],
)
def test_a_label_followed_by_no_names_is_not_people(text: str) -> None:
    assert people(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kicking things off was caregiver Ana Lima, who read a poem.",
         [(SP, None, "Ana Lima", "caregiver", None)]),
        ("Opening the discussion were Jo Park and Tom Reyes.",
         [(SP, None, "Jo Park", None, None), (SP, None, "Tom Reyes", None, None)]),
        ("Chairing the evening was Dr Lena Brandt.", [(HO, "Dr", "Lena Brandt", None, None)]),
        ("Small-group facilitators on the night were Ruth Abebe and Colm O'Neill.",
         [(FA, None, "Ruth Abebe", None, None), (FA, None, "Colm O'Neill", None, None)]),
        ("Co-hosts this month were Mia Kahn and Omar Haddad.",
         [(HO, None, "Mia Kahn", None, None), (HO, None, "Omar Haddad", None, None)]),
        ("Table facilitators included Hana Sato.", [(FA, None, "Hana Sato", None, None)]),
    ],
)  # fmt: skip
def test_a_phrase_before_was_or_were_introduces_people(text: str, expected: list) -> None:
    assert people(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Reading the book was hard for many of us.",
        "Following the talk were questions from the floor.",
        "The speakers were excellent.",
        "Speakers were asked to keep to ten minutes.",
        "Looking back, the evening was a success.",
        "Being a nurse was Mary's dream.",
        "During the break were Ann Lee and Bo Chan.",
    ],
)
def test_a_phrase_before_was_without_names_is_not_people(text: str) -> None:
    assert people(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We welcomed Ana Lima and Jo Park as hosts.",
         [(HO, None, "Ana Lima", None, None), (HO, None, "Jo Park", None, None)]),
        ("We were glad to welcome Ms Hana Sato (Nurse Clinician) and Mr Tom Reyes "
         "(Senior Physiotherapist) as speakers.",
         [(SP, "Ms", "Hana Sato", "Nurse Clinician", None),
          (SP, "Mr", "Tom Reyes", "Senior Physiotherapist", None)]),
        ("Guests: Dr Ade Bello (Associate Dean, HEIW) + Jo Park (practice manager)",
         [(SP, "Dr", "Ade Bello", "Associate Dean", "HEIW"),
          (SP, None, "Jo Park", "practice manager", None)]),
    ],
)  # fmt: skip
def test_as_a_part_after_a_list_and_plus_between_names(text: str, expected: list) -> None:
    assert people(text) == expected
