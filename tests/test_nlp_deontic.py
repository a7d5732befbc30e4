"""lexdiff_deontic on a bare spacy.blank("en") pipeline, including what is NOT a duty."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from lexdiff.nlp import deontic  # noqa: E402,F401  (registers the factory)
from lexdiff.nlp.tags import doc_tags  # noqa: E402


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("lexdiff_deontic")
    return pipeline


def statements(nlp, text):
    return [(t.label, t.attrs["actor"]) for t in doc_tags(nlp(text), groups=["deontic"])]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("(a) A large developer shall write and publish a safety protocol.",
         [("obligation", "large developer")]),
        ("The Attorney General must establish a mechanism.", [("obligation", "Attorney General")]),
        ("Each auditor is required to retain the report.", [("obligation", "auditor")]),
        ("A large developer shall not make a materially false statement.",
         [("prohibition", "large developer")]),
        ("An employer may not retaliate against an employee.", [("prohibition", "employer")]),
        ("A developer must not deploy the model.", [("prohibition", "developer")]),
        ("A person is prohibited from operating the cluster.", [("prohibition", "person")]),
        ("No person shall operate a computing cluster without a license.", [("prohibition", "person")]),
        ("The Attorney General may adopt regulations.", [("permission", "Attorney General")]),
        ("The court is authorized to award reasonable attorney's fees.", [("permission", "court")]),
    ],
    ids=["shall", "must", "is-required-to", "shall-not", "may-not", "must-not", "is-prohibited-from",
         "no-person-shall", "may", "is-authorized-to"],
)
def test_labels_and_actors(nlp, text, expected):
    assert statements(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "This chapter shall be known as the Transparency in Frontier Artificial Intelligence Act.",
        "This act shall be known, and may be cited, as the Model Safety Act.",
        "(II) The quantity of computing power described in subclause (I) shall include computing for the "
        "original training run.",
        "A large developer who violates this chapter shall be subject to a civil penalty.",
        "A violation of this chapter by an auditor shall be subject to a civil penalty in an amount not to "
        "exceed ten thousand dollars ($10,000).",
        "Nothing in this chapter shall be construed to limit any right.",
        "This act shall be liberally construed to effectuate its purposes.",
        "How the developer will assess whether a threshold has been attained, which may include multiple "
        "tiered thresholds.",
        "Foundation models developed by smaller companies may pose significant catastrophic risk.",
        "This section shall become operative only upon an appropriation in a budget act.",
        "The definition in paragraph (1) shall be operative until the regulation is adopted.",
        "This act shall not apply to the extent that it is preempted by federal law.",
        "The consortium shall be dissolved upon submission of the report.",
        "If that invalidity is found, that invalidity shall not affect other provisions.",
        "The threshold that an artificial intelligence model shall exceed to be considered a covered model.",
        "Reports may contain information that could threaten public safety.",
    ],
    ids=["known-as", "known-and-cited", "shall-include-computing", "subject-to-penalty",
         "violation-subject-to", "nothing-construed", "liberally-construed", "which-may-include",
         "may-pose", "become-operative", "be-operative", "act-not-apply", "be-dissolved", "not-affect",
         "to-be-considered", "may-contain"],
)
def test_not_deontic(nlp, text):
    assert statements(nlp, text) == []


def test_passive_voice_takes_the_agent():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("lexdiff_deontic")
    text = "The report shall be submitted to the Attorney General by the developer within 30 days."
    tag = doc_tags(pipeline(text), groups=["deontic"])[0]
    assert (tag.label, tag.attrs["actor"], tag.attrs["voice"]) == ("obligation", "developer", "passive")
    assert tag.attrs["subject"] == "The report"


def test_agentless_passive_has_no_actor(nlp):
    tag = doc_tags(nlp("Injunctive relief granted pursuant to this section shall not be stayed."),
                   groups=["deontic"])[0]
    assert tag.label == "prohibition"
    assert tag.attrs["actor"] is None


def test_by_after_a_nominalization_is_not_the_agent(nlp):
    text = ("A large developer shall be provided with a 30-day period to cure the violation after "
            "notification by the Attorney General.")
    assert statements(nlp, text) == [("obligation", None)]


def test_second_verb_shares_the_actor(nlp):
    text = ("(2) If a large developer redacts information, the large developer shall describe the redaction "
            "and shall retain the unredacted information for five years.")
    tags = doc_tags(nlp(text), groups=["deontic"])
    assert [(t.label, t.attrs["actor"]) for t in tags] == [
        ("obligation", "large developer"), ("obligation", "large developer")]
    assert tags[0].attrs["action"] == "describe the redaction"
    assert tags[1].text(text).startswith("shall retain")
    assert tags[0].attrs["conditions"] == ["If a large developer redacts information"]


def test_second_verb_after_a_constitutive_first(nlp):
    text = "The executive officer shall be the administrative head of the board and shall exercise all duties."
    assert statements(nlp, text) == [("obligation", "executive officer")]


@pytest.mark.parametrize(
    "text,actor",
    [
        ("There is hereby established within the Agency a consortium that shall develop a framework.",
         "consortium"),
        ("A developer, before initially training a covered model, shall implement a protocol.", "developer"),
        ("Subject to paragraph (2), a large developer shall report any incident.", "large developer"),
        ("A large developer shall provide a process through which an employee may anonymously disclose "
         "information.", "large developer"),
        ("An employee harmed by a violation of this subdivision may petition a court.", "employee"),
        ("The President pro Tempore of the Senate and the Speaker of the Assembly shall each select three "
         "members.", "President pro Tempore of the Senate and the Speaker of the Assembly"),
    ],
    ids=["there-is-established", "interrupting-phrase", "leading-condition", "relative-clause-subject",
         "reduced-relative", "list-of-actors"],
)
def test_actor_finding(nlp, text, actor):
    assert statements(nlp, text)[0][1] == actor


def test_actor_inside_relative_clause(nlp):
    text = ("A large developer shall provide a process through which an employee may anonymously disclose "
            "information.")
    assert statements(nlp, text) == [("obligation", "large developer"), ("permission", "employee")]


def test_list_of_actors_is_split(nlp):
    text = "The developer and the auditor shall retain the report."
    tag = doc_tags(nlp(text), groups=["deontic"])[0]
    assert tag.attrs["actors"] == ["developer", "auditor"]


def test_conditions_and_exceptions(nlp):
    text = ("(a) Before beginning to initially train a covered model, the developer shall do all of the "
            "following unless the model is exempt:")
    tag = doc_tags(nlp(text), groups=["deontic"])[0]
    assert tag.attrs["conditions"] == [
        "Before beginning to initially train a covered model", "unless the model is exempt"]
    assert tag.attrs["action"] == "do all of the following"


def test_except_as_provided(nlp):
    text = ("(A) Except as provided in subparagraph (B), the disclosures shall be shared with officers "
            "at least once each quarter.")
    tag = doc_tags(nlp(text), groups=["deontic"])[0]
    assert tag.attrs["conditions"] == ["Except as provided in subparagraph (B)"]


def test_report_content_requirement_is_an_obligation(nlp):
    text = "(2) The report required by this subdivision shall include all of the following elements:"
    assert statements(nlp, text) == [("obligation", None)]


def test_defined_term_preferred_when_definitions_ran():
    from lexdiff.nlp.tags import add_tag

    pipeline = spacy.blank("en")
    text = "A frontier developer with significant resources and many employees shall publish a protocol."
    doc = pipeline.make_doc(text)
    add_tag(doc, "definitions", doc[0:3], term="frontier developer")
    doc = deontic.DeonticTagger()(doc)
    tag = doc_tags(doc, groups=["deontic"])[0]
    assert tag.attrs["actor"] in ("frontier developer", "frontier developer with significant resources and many employees")


def test_span_starts_at_actor_and_covers_modal(nlp):
    text = "(b) A large developer shall retain a report required by this section for five years."
    tag = doc_tags(nlp(text), groups=["deontic"])[0]
    assert tag.text(text) == "A large developer shall retain a report required by this section for five years"
    assert tag.attrs["modality"] == "shall"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("(1) ON AND AFTER FEBRUARY 1, 2026, A DEVELOPER OF A HIGH-RISK ARTIFICIAL INTELLIGENCE SYSTEM SHALL USE "
         "REASONABLE CARE.", [("obligation", "DEVELOPER OF A HIGH-RISK ARTIFICIAL INTELLIGENCE SYSTEM")]),
        ("THE DEPLOYER, WITHOUT UNREASONABLE DELAY, BUT NO LATER THAN NINETY DAYS AFTER THE DISCOVERY, SHALL SEND "
         "A NOTICE.", [("obligation", "DEPLOYER")]),
        ("A DEPLOYER OR OTHER DEVELOPER THAT DEPLOYS, OFFERS, SELLS, OR OTHERWISE MAKES AVAILABLE A SYSTEM SHALL "
         "ENSURE THE DISCLOSURE.", [("obligation", "DEPLOYER OR OTHER DEVELOPER")]),
    ],
    ids=["all-caps", "caps-interrupting-deadline", "list-of-verbs-in-subject"],
)
def test_all_capitals_new_law(nlp, text, expected):
    # Colorado session laws print new law in capitals.
    assert statements(nlp, text) == expected


def test_may_designate_and_if_designated_shall(nlp):
    text = ("(III) ANY FRAMEWORK THAT THE ATTORNEY GENERAL, IN THE ATTORNEY GENERAL'S DISCRETION, MAY DESIGNATE AND, "
            "IF DESIGNATED, SHALL PUBLICLY DISSEMINATE.")
    # "any framework that the Attorney General may designate" refers to a
    # power (object relative clause); the duty to disseminate is stated.
    assert statements(nlp, text) == [("obligation", "ATTORNEY GENERAL")]


@pytest.mark.parametrize(
    "text",
    ["The rule applies on May 1, 2026.", "as the same may be amended from time to time",
     "if a deployer reasonably and in good faith believes the request may violate state law"],
    ids=["month-may", "as-amended", "believes-may"],
)
def test_more_descriptive_may(nlp, text):
    assert statements(nlp, text) == []


def test_findings_bind_no_one(nlp):
    text = ("SECTION 1.\nThe Legislature finds and declares all of the following:\n(a) Developers may, if unchecked, "
            "cause harm.\n(b) The state must act.\nSEC. 2.\nA developer shall report incidents.")
    assert statements(nlp, text) == [("obligation", "developer")]


@pytest.mark.parametrize(
    "text",
    ["The developer shall pay a fee in such amount as the Secretary may determine.",
     "A data controller that intends or may wish to disclose the data."],
    ids=["as-the-secretary-may", "may-wish"],
)
def test_references_to_discretion_are_not_permissions(nlp, text):
    assert [label for label, _ in statements(nlp, text)] in ([], ["obligation"])
    assert "permission" not in [label for label, _ in statements(nlp, text)]


@pytest.mark.parametrize(
    "text",
    ["(I) Describes in detail the procedure by which the safety and security protocol may be modified.",
     "The process shall allow those employees to disclose the same information that an employee of the developer "
     "may disclose."],
    ids=["procedure-by-which", "object-relative"],
)
def test_relative_clauses_refer_not_grant(nlp, text):
    assert "permission" not in [label for label, _ in statements(nlp, text)]


@pytest.mark.parametrize(
    "text,actor",
    [
        ("(II) ON AND AFTER FEBRUARY 1, 2026, A DEPLOYER, OR A THIRD PARTY CONTRACTED BY THE DEPLOYER, SHALL COMPLETE "
         "AN IMPACT ASSESSMENT.", "DEPLOYER, OR A THIRD PARTY CONTRACTED BY THE DEPLOYER"),
        ("(b) A DEPLOYER THAT HAS DEPLOYED A SYSTEM TO MAKE, OR BE A SUBSTANTIAL FACTOR IN MAKING, A CONSEQUENTIAL "
         "DECISION CONCERNING A CONSUMER SHALL PROVIDE AN EXPLANATION.", "DEPLOYER"),
        ("(a) A DEVELOPER THAT OFFERS A SYSTEM ON OR AFTER FEBRUARY 1, 2026, SHALL MAKE AVAILABLE THE DOCUMENTATION.",
         "DEVELOPER"),
    ],
    ids=["coordinated-bearers", "long-relative-clause", "bare-year-chunk"],
)
def test_subjects_split_by_commas(nlp, text, actor):
    assert statements(nlp, text)[0][1] == actor


def test_defined_term_inside_a_prepositional_phrase_is_not_the_actor():
    from lexdiff.nlp.tags import add_tag

    pipeline = spacy.blank("en")
    text = "A developer of a high-risk artificial intelligence system shall use reasonable care."
    doc = pipeline.make_doc(text)
    add_tag(doc, "definitions", doc[5:9], term="high-risk artificial intelligence system")
    doc = deontic.DeonticTagger()(doc)
    assert doc_tags(doc, groups=["deontic"])[0].attrs["actor"] == "developer of a high-risk artificial intelligence system"


@pytest.mark.parametrize(
    "text",
    ["There are authorized to be appropriated $296,000,000 for each of fiscal years 2020 through 2024.",
     "This Act shall come into operation on such date as the Minister may appoint.",
     "The time of receipt of an electronic record shall be determined as follows:",
     "any structure from which any apparatus is or may be installed"],
    ids=["authorized-to-be-appropriated", "come-into-operation", "determined-as-follows", "is-or-may-be"],
)
def test_more_not_deontic(nlp, text):
    assert statements(nlp, text) == []


def test_run_in_heading_is_not_part_of_the_actor(nlp):
    text = "“(D) Reducing disparities.—The Director may consider the extent to which a center can demonstrate."
    assert statements(nlp, text) == [("permission", "Director")]


def test_definition_bodies_hold_no_statements():
    from lexdiff.nlp.tags import add_tag

    pipeline = spacy.blank("en")
    text = "“Community service” means a service that is run by members and may be funded by donations. The Minister may revoke it."
    doc = pipeline.make_doc(text)
    body_start = text.index("a service")
    body_end = text.index(". The") + 1
    add_tag(doc, "definitions", doc.char_span(0, body_end, alignment_mode="expand"),
            term="Community service", def_start=body_start, def_end=body_end)
    doc = deontic.DeonticTagger()(doc)
    assert [(t.label, t.attrs["actor"]) for t in doc_tags(doc, groups=["deontic"])] == [("permission", "Minister")]


def test_agent_including_something_acts(nlp):
    text = ("(e) BEGINNING IN JANUARY 2028, THE ATTORNEY GENERAL SHALL INCLUDE, AS PART OF ITS PRESENTATION, A REPORT "
            "CONCERNING ENFORCEMENT ACTIONS.")
    assert statements(nlp, text) == [("obligation", "ATTORNEY GENERAL")]


def test_requirement_in_a_relative_clause_describes_the_bearer(nlp):
    text = ("(a) A CREDITOR, WITH RESPECT TO A DECISION, THAT IS REQUIRED TO PROVIDE A NOTICE UNDER FEDERAL LAW "
            "COMPLIES WITH THIS SECTION.")
    assert statements(nlp, text) == []


def test_second_clause_with_its_own_subject(nlp):
    text = "(a) THE CONSUMER MAY REQUEST AND THE DEPLOYER SHALL PROVIDE IN RESPONSE TO THE REQUEST:"
    assert statements(nlp, text) == [("permission", "CONSUMER"), ("obligation", "DEPLOYER")]


def test_held_liable_is_a_consequence(nlp):
    assert statements(nlp, "(1) A DEVELOPER OR DEPLOYER MAY BE HELD LIABLE IN AN ACTION.") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Europol and the European Medicines Agency shall each have the right to nominate two observers.",
         [("permission", "Europol and the European Medicines Agency")]),
        ("This Regulation shall enter into force on the twentieth day following its publication.", []),
        ("This Regulation shall be binding in its entirety.", []),
        ("This provision clarifies under what conditions Member States may introduce restrictions.", []),
    ],
    ids=["shall-have-the-right", "enter-into-force", "binding", "under-what-conditions"],
)
def test_eu_drafting(nlp, text, expected):
    assert statements(nlp, text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Of the total amount provided, $15,000,000 shall be for Operation Stonegarden.", []),
        ("The Federal share shall be 100 percent of the eligible costs.", []),
        ("On an appeal under subsection (3) of section 48 the Tribunal may direct that the notice be revoked.",
         [("permission", "Tribunal")]),
        ("(1B) The judge may, for the purpose of enabling the Commissioner to act, order disclosure.",
         [("permission", "judge")]),
    ],
    ids=["appropriation-earmark", "federal-share", "intro-phrase-without-comma", "label-1B"],
)
def test_federal_and_uk_drafting(nlp, text, expected):
    assert statements(nlp, text) == expected


def test_quoted_modals_are_mentions(nlp):
    assert statements(nlp, "Section 20601 is amended by striking “may” and inserting “shall”.") == []


def test_actor_without_quotes_and_parentheticals(nlp):
    text = ("The Secretary of Homeland Security (in this section referred to as the “Secretary”) shall notify the "
            "Committees.")
    assert statements(nlp, text) == [("obligation", "Secretary of Homeland Security")]
    assert statements(nlp, "“Such research shall investigate the causes.")[0][1] == "research"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("(2) The Commissioner shall consider it, but he shall not grant the application unless the case involves a "
         "matter of substantial importance.", [("obligation", "Commissioner"), ("prohibition", "Commissioner")]),
        ("No person who is or has been the Commissioner, a member of the Commissioner’s staff or an agent of the "
         "Commissioner shall disclose any information.", [("prohibition", "person")]),
        ("A person shall not be required by virtue of this section to furnish the Commissioner with information.",
         [("permission", "person")]),
        ("(5) Where the court makes an order under subsection (4) it may order the data controller to notify third "
         "parties.", [("permission", None)]),  # "it" names no actor of an earlier duty
        ("Under sub-paragraph (1) he shall cease to be so exempt.", []),
        ("The corporation sole shall continue in existence by the name of the Information Commissioner.", []),
    ],
    ids=["but-he-shall-not", "no-person-who", "shall-not-be-required", "pronoun-subject", "cease-to-be",
         "continue-in-existence"],
)
def test_uk_drafting(nlp, text, expected):
    assert statements(nlp, text) == expected


def test_list_item_takes_the_lead_in_subject(nlp):
    text = "(2) The Commissioner—\n(a) shall provide facilities for inspection, and\n(b) may charge a fee."
    assert statements(nlp, text) == [("obligation", "Commissioner"), ("permission", "Commissioner")]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("None of the funds made available in this Act may be used by a Federal law enforcement officer to "
         "facilitate the transfer of a firearm.", [("prohibition", "Federal law enforcement officer")]),
        ("(a) None of the funds appropriated by this Act shall be used to execute an inspection.",
         [("prohibition", None)]),
        ("(b) The performance evaluations shall be conducted by the U.S. Immigration and Customs Enforcement Office "
         "of Professional Responsibility.",
         [("obligation", "U.S. Immigration and Customs Enforcement Office of Professional Responsibility")]),
        ("The Secretary of the department in which the Coast Guard is operating shall conduct outreach.",
         [("obligation", "Secretary of the department")]),
    ],
    ids=["none-of-the-funds-may", "none-of-the-funds-shall", "agent-with-initials", "finished-relative-clause"],
)
def test_appropriations_drafting(nlp, text, expected):
    assert statements(nlp, text) == expected


def test_quoted_heading_with_dash_stays_in_the_subject(nlp):
    text = ("None of the funds provided under the heading “U.S. Immigration and Customs Enforcement—Operations and "
            "Support” may be made available to implement the policy.")
    assert statements(nlp, text) == [("prohibition", None)]


def test_in_no_case_may(nlp):
    assert [label for label, _ in statements(nlp, "In no case may restraints be used on a woman in labor.")] == [
        "prohibition"]


def test_where_clause_without_comma(nlp):
    text = ("(11) Where a description of persons has been designated by an order under subsection (2)(c) the Secretary "
            "of State must reconsider the designation.")
    assert statements(nlp, text) == [("obligation", "Secretary of State")]


# Appropriations provisos (drafting convention of US appropriations acts,
# e.g. H.R. 2157 (116th), Disaster Relief 2019).
@pytest.mark.parametrize(
    "text,expected",
    [
        ("For necessary expenses, $5,000,000: Provided, That the Administrator shall submit a spending plan "
         "to the Committees within 45 days.",
         [("obligation", "Administrator")]),
        ("For necessary expenses, $5,000,000: Provided further, That grants shall only be available for "
         "areas that have received a major disaster declaration.",
         [("obligation", "grants")]),
        ("For necessary expenses, $5,000,000: Provided, That no such funds shall be obligated before the "
         "operating plans are provided to the Committees.",
         [("prohibition", None)]),
        ("For necessary expenses, $5,000,000: Provided further, That none of the funds provided in the "
         "previous proviso shall be included in the base grant.",
         [("prohibition", None)]),
    ],
    ids=["proviso-actor", "proviso-actor-further", "proviso-no-funds", "proviso-none-of"],
)
def test_proviso_lead_in_is_not_the_subject(nlp, text, expected):
    assert statements(nlp, text) == expected


def test_may_in_a_clause_of_time_grants_nothing(nlp):
    text = ("For necessary expenses, $5,000,000: Provided further, That before a transfer may take place, "
            "the Secretary shall submit notice thereof to the Committees.")
    assert statements(nlp, text) == [("obligation", "Secretary")]


def test_long_introductory_time_phrase_keeps_the_power(nlp):
    # UK Data Protection Act 1998 style: no comma after the time phrase, the
    # clause has its own subject and grants a power.
    text = ("Before the end of the period referred to in subsection (3) the Commissioner may, by notice in "
            "writing, require the person to furnish further information.")
    assert statements(nlp, text) == [("permission", "Commissioner")]


def test_recitals_in_a_preamble_create_no_duty():
    # EU drafting: recitals give reasons; the operative "may"/"shall" is in
    # the articles. Modelled on a Commission proposal's recital (34).
    from lexdiff.model import Provision
    from lexdiff.nlp.pipeline import tag_text

    recital = ("(34) Since the objective of this Regulation cannot be sufficiently achieved by the Member "
               "States, the Union may adopt measures, in accordance with the principle of subsidiarity.\n")
    article = "Article 4\nMember States may adopt technical regulations on such substances.\n"
    text = recital + article
    provisions = (
        Provision(id="p", kind="preamble", label="", start=0, end=len(recital), path="Preamble"),
        Provision(id="a4", kind="article", label="Article 4", start=len(recital), end=len(text), path="Article 4"),
    )
    doc = tag_text(text, provisions)
    found = [(t.label, t.attrs["actor"]) for t in doc_tags(doc, groups=["deontic"])]
    assert found == [("permission", "Member States")]


@pytest.mark.parametrize(
    "text,expected",
    [
        # UK DPA 1998 s. 40 style and SB 1047 style: a document that "must/shall
        # contain" something is a content requirement, like "shall include".
        ("An enforcement notice must contain a statement of the principle contravened.",
         [("obligation", None)]),
        ("(2) The updated definition shall contain both of the following:", [("obligation", None)]),
        # Colorado SB 26-189 style: a document that "may include" something
        # is permissive content.
        ("(d) A notice that complies with subsection (a) may include a brief statement indicating that a "
         "system was used.", [("permission", None)]),
    ],
    ids=["must-contain", "shall-contain", "notice-may-include"],
)
def test_document_content(nlp, text, expected):
    assert statements(nlp, text) == expected


def test_may_contain_is_still_descriptive(nlp):
    assert statements(nlp, "Reports may contain information that could threaten public safety.") == []


def test_list_of_bearers_after_a_notwithstanding_phrase(nlp):
    # H.R. 2157 (116th) style: the walk back over the short list items
    # "each State, territory, or tribe" stops at the introductory phrase.
    text = ("Notwithstanding section 676(b)(8) of the Community Services Block Grant Act, each State, "
            "territory, or tribe may allocate funds to eligible entities based on assessed need.")
    assert statements(nlp, text) == [("permission", "State, territory, or tribe")]


def test_sunset_terminate_is_not_a_duty_but_terminating_something_is(nlp):
    # H.R. 1037 (116th) SEC. 5 Sunset style: an intransitive "shall
    # terminate on <date>" ends the provision, like "shall expire".
    assert statements(nlp, "The reporting requirement under this Act shall terminate on the date that is "
                           "7 years after the date of enactment.") == []
    assert statements(nlp, "The Secretary shall terminate the contract.") == [("obligation", "Secretary")]


def test_participial_aside_between_commas_is_not_the_subject(nlp):
    # EU drafting: "the Commission, acting in accordance with the advisory
    # procedure referred to in Article 7(2), shall reduce the amount".
    text = ("Where the financing needs decrease, the Commission, acting in accordance with the advisory "
            "procedure referred to in Article 7(2), shall reduce the amount of the assistance.")
    assert statements(nlp, text) == [("obligation", "Commission")]


def test_participle_object_is_not_a_document_head(nlp):
    # UK DPA 1998 s. 7(7) style: "request" is what the individual makes; the
    # individual bears the power. "The report ... shall include" stays a document.
    found = statements(nlp, "An individual making a request under this section may specify that his request "
                            "is limited.")
    assert found == [("permission", "individual")]


@pytest.mark.parametrize(
    "text,actor",
    [
        ("A person executing a warrant shall give the occupier a copy of it.", "person"),
        ("No enactment or rule of law prohibiting or restricting the disclosure of information shall "
         "preclude a person from furnishing information.", "enactment or rule of law"),
        ("A deployer, or a third party contracted by the deployer, shall complete an impact assessment.",
         "deployer, or a third party contracted by the deployer"),
    ],
    ids=["executing-a", "prohibiting-or-restricting", "coordinated-bearers-stay"],
)
def test_present_participle_with_object_ends_the_actor(nlp, text, actor):
    assert [a for _, a in statements(nlp, text)] == [actor]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "They" skips the singular actor before it for the plural one.
        ("The Agency and the Office shall request the reports. The Board shall meet yearly. "
         "They shall publish the reports within four weeks.",
         [("obligation", "Agency and the Office"), ("obligation", "Board"), ("obligation", "Agency and the Office")]),
        ("The Commission shall assess the risk. It shall do so on the basis of all evidence.",
         [("obligation", "Commission"), ("obligation", "Commission")]),
        # Nothing named before it: no actor rather than a guess.
        ("It may sell the product.", [("permission", None)]),
    ],
)
def test_a_subject_pronoun_takes_its_antecedent(nlp, text, expected):
    found = statements(nlp, text)
    assert found[: len(expected)] == expected
    tags = doc_tags(nlp(text), groups=["deontic"])
    assert any(t.attrs.get("pronoun") for t in tags) or expected[-1][1] is None
