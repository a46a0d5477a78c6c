"""Build the fictional example ecosystem "Arbeidsmarktregio Brakenveld" (``arbeidsmarktregio``).

A Dutch labour-market region where employers in care and education compete for the same
scarce people. Every organisation, person and agreement here is invented; any resemblance to
a real one is accidental. The files next to this script are its output and must not be
edited by hand:

* ``organisations.csv``, ``agreements.csv``, ``parties.csv``: the ecosystem in netorg's input
  format (CONTRACT.md section 1),
* ``dataset.json``: name, title, reference date (``as_of``) and licence,
* ``README.md``: what the data is and, with every figure computed from the data by this
  script, which features were deliberately built into it.

Run ``.venv/bin/python datasets/arbeidsmarktregio/build.py``. It needs only the standard
library, :mod:`netorg.vocabulary` (the agreement and organisation words are imported from
there, so the data can never drift from what netorg accepts) and ``datasets/_build_common.py``
(the records, builder, figures, checks and output this dataset shares with ``zorgregio``). The
output is the same byte for byte on every run: the background comes from a seeded random
generator, the designed features are written out explicitly, and ``check_design()`` fails the
build when the background spoils one of them.

Layout of this file:

1. the organisation table (``PROFILES``, ``ORGANISATIONS``, ``EXTRA_TAGS``),
2. the people and the builder that collects agreements,
3. the designed features (``add_designed``),
4. the background: purchasing (``PURCHASES``), subsidies, company contracts, the hybrid ties
   of each cluster (``CLUSTER_TIES``) and the multi-party agreements,
5. facts, checks, output and the README.
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from netorg.vocabulary import FUNDING_TYPES, HIERARCHY, HYBRID, MARKET, STATUSES

# The helpers shared by the generated datasets live in datasets/_build_common.py, one folder up;
# running this file as a script puts only its own folder on the import path, so add that one.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _build_common import (
    IMPLICIT_TABLE_HEAD,
    LICENCE,
    ORG_COLUMNS,
    Agreement,
    Builder,
    Org,
    Profile,
    Staff,
    background_chains,
    chain_facts,
    check_background,
    check_cluster_leads,
    check_format,
    cluster_facts,
    cluster_lines,
    cohesion_text,
    connected_line,
    contact_facts,
    counted,
    d,
    dataset_meta,
    day_before,
    definitions_section,
    designed,
    eur,
    expiring_lines,
    expiry_facts,
    files_section,
    glance_section,
    hhi,
    hhi_rows,
    hybrid_partners,
    idlist,
    ids,
    is_live,
    iso,
    live_graph,
    org_label,
    pair_overlap,
    parse_organisations,
    pct,
    plain_market_lines,
    single_source,
    spend,
    split_tags,
    structure_facts,
    under_organised,
    under_organised_lines,
    write_dataset,
)

HERE = Path(__file__).resolve().parent
NAME = "arbeidsmarktregio"
AS_OF = date(2026, 6, 30)  # the reference date every "live" or "expiring" statement refers to
SEED = 20260630
HORIZON_DAYS = 180  # "expiring soon" in the README: ends within ~6 months after AS_OF
MAX_BACKGROUND_CONTACT_USES = 3  # background people carry at most 3 agreements
BACKGROUND_MIN_END = date(2027, 7, 31)  # background agreements run at least this long

REGIONS = {
    "BRA": "Brakenveld",
    "OMM": "Ommerdijk",
    "KLA": "Klaverwolde",
    "RUI": "Ruisendaal",
    "ZWA": "Zwaluwmeer",
    "ELZ": "Elzenmolen",
    "R": "Arbeidsmarktregio Brakenveld",  # works region-wide
    "X": "buiten de regio",  # based outside the labour-market region
}

# --------------------------------------------------------------------------------------------
# 1. Organisations
# --------------------------------------------------------------------------------------------


CARE_NEEDS = "recruitment;care_staff;training"
CARE_GOALS = "quality_of_care;staff_retention;filled_vacancies"
SCHOOL_NEEDS = "recruitment;teaching_staff;training"
SCHOOL_GOALS = "quality_of_education;staff_retention;filled_vacancies"
MUNICIPAL_GOALS = "labour_participation;inclusive_labour_market;regional_economy;cost_control"

# Defaults per kind of organisation: type, sector, SBI code, capabilities, needs, goals.
PROFILES: dict[str, Profile] = {
    "centrumgemeente": Profile(
        "municipality", "public_administration", "84.11",
        "funding;benefits_administration;employer_services",
        "placement;early_childhood_education", MUNICIPAL_GOALS + ";filled_vacancies",
    ),
    "gemeente": Profile(
        "municipality", "public_administration", "84.11", "funding;benefits_administration",
        "placement;early_childhood_education", MUNICIPAL_GOALS,
    ),
    "uwv": Profile(
        "government_agency", "labour_market", "84.30",
        "benefits_administration;job_matching;labour_market_information", "placement;training",
        "labour_participation;lifelong_learning",
    ),
    "wsp": Profile(
        "government_agency", "labour_market", "84.12", "employer_services;placement;recruitment",
        "", "labour_participation;inclusive_labour_market;filled_vacancies",
    ),
    "sw": Profile(
        "employer", "labour_market", "88.10", "placement;job_coaching;sheltered_work", "",
        "inclusive_labour_market;labour_participation",
    ),
    "leerwerkloket": Profile(
        "government_agency", "education", "85.60", "career_guidance", "",
        "lifelong_learning;labour_participation",
    ),
    "rmc": Profile(
        "government_agency", "education", "84.12", "school_dropout_prevention", "",
        "youth_development;labour_participation",
    ),
    "wgv": Profile(
        "other", "care", "94.11", "labour_market_information;training_coordination", "",
        "filled_vacancies;staff_retention;quality_of_care",
    ),
    "platform": Profile(
        "other", "labour_market", "78.10", "recruitment;career_guidance;job_matching", "ict",
        "filled_vacancies;staff_retention;lifelong_learning",
    ),
    "ziekenhuis": Profile(
        "hospital", "care", "86.10", "hospital_care;training;care_staff",
        CARE_NEEDS + ";childcare", CARE_GOALS,
    ),
    "zorggroep": Profile(
        "care_provider", "elderly_care", "87.10", "elderly_care;nursing;care_staff", CARE_NEEDS,
        CARE_GOALS,
    ),
    "thuiszorg": Profile(
        "care_provider", "home_care", "88.10", "home_care;nursing;care_staff", CARE_NEEDS,
        CARE_GOALS,
    ),
    "ghz": Profile(
        "care_provider", "disability_care", "87.20", "disability_care;care_staff", CARE_NEEDS,
        CARE_GOALS + ";inclusive_labour_market",
    ),
    "ggz": Profile(
        "care_provider", "mental_health", "86.90", "mental_health;youth_mental_health;care_staff",
        CARE_NEEDS, CARE_GOALS,
    ),
    "jeugd": Profile(
        "care_provider", "youth", "88.99", "youth_care;care_staff", CARE_NEEDS,
        CARE_GOALS + ";youth_development",
    ),
    "zzp_coop": Profile(
        "care_provider", "home_care", "88.10", "care_staff;flexpool;nursing", "",
        "quality_of_care;staff_retention",
    ),
    "huisartsen": Profile(
        "care_provider", "primary_care", "86.21", "gp_care", "recruitment;training",
        "quality_of_care;staff_retention",
    ),
    "po": Profile(
        "school", "education", "85.20", "primary_education;teaching_staff", SCHOOL_NEEDS,
        SCHOOL_GOALS,
    ),
    "vo": Profile(
        "school", "education", "85.31", "secondary_education;teaching_staff", SCHOOL_NEEDS,
        SCHOOL_GOALS + ";youth_development",
    ),
    "kinderopvang": Profile(
        "employer", "childcare", "88.91", "childcare;early_childhood_education",
        "recruitment;training", "quality_of_education;staff_retention;filled_vacancies",
    ),
    "roc": Profile(
        "school", "education", "85.32", "vocational_training;training", "work_placements",
        "lifelong_learning;labour_participation;quality_of_education",
    ),
    "hogeschool": Profile(
        "school", "education", "85.41", "higher_education;teacher_training;training",
        "work_placements", "lifelong_learning;quality_of_education;filled_vacancies",
    ),
    "opleider": Profile("company", "education", "85.59", "training", "", "lifelong_learning"),
    "uitzend_zorg": Profile(
        "recruitment_agency", "labour_market", "78.10", "recruitment;care_staff;flexpool", "",
        "growth;filled_vacancies",
    ),
    "uitzend_onderwijs": Profile(
        "recruitment_agency", "labour_market", "78.20", "recruitment;teaching_staff", "",
        "growth;filled_vacancies",
    ),
    "uitzend": Profile(
        "recruitment_agency", "labour_market", "78.20",
        "recruitment;placement;care_staff;teaching_staff;staffing", "",
        "growth;filled_vacancies",
    ),
    "uitzend_int": Profile(
        "recruitment_agency", "labour_market", "78.10", "recruitment;international_recruitment",
        "", "growth;filled_vacancies",
    ),
    "werkgever": Profile(
        "employer", "industry", "-", "employment;work_placements", "recruitment",
        "growth;filled_vacancies;inclusive_labour_market",
    ),
    "mkb": Profile("employer", "industry", "-", "employment;work_placements", "", "growth"),
    "ondernemers": Profile("other", "business", "94.11", "employer_network", "",
                           "regional_economy"),
    "ict": Profile("company", "ict", "62.01", "ict;vacancy_platform", "", "growth"),
    "hr": Profile("company", "business_services", "69.20", "payroll;hr_administration", "",
                  "growth"),
    "media": Profile("company", "marketing", "73.11", "recruitment;recruitment_marketing", "",
                     "growth"),
    "assessment": Profile("company", "business_services", "78.10", "recruitment;assessment",
                          "", "growth"),
    "advies": Profile("company", "consultancy", "70.22", "consultancy;labour_market_information",
                      "", "growth"),
    "schoonmaak": Profile("company", "facility_services", "81.21", "cleaning", "", "growth"),
    "arbo": Profile("company", "occupational_health", "86.90", "occupational_health", "",
                    "growth"),
    "catering": Profile("company", "facility_services", "56.29", "catering", "", "growth"),
    "taalschool": Profile("company", "education", "85.59", "language_training", "", "growth"),
    "shortstay": Profile("company", "housing", "68.20", "housing;staff_housing", "", "growth"),
    "corporatie": Profile(
        "housing_corporation", "housing", "68.20", "housing;staff_housing", "",
        "affordable_housing;liveable_neighbourhoods",
    ),
    "ngo_taal": Profile("ngo", "education", "85.59", "language_training", "",
                        "basic_skills;labour_participation"),
    "ngo_nieuw": Profile("ngo", "labour_market", "88.99", "integration_support;job_coaching;"
                         "placement", "", "integration;labour_participation"),
    "ngo_herin": Profile("ngo", "labour_market", "94.99", "returner_support;career_guidance",
                         "", "filled_vacancies;labour_participation"),
    "ngo_mentor": Profile("ngo", "youth", "88.99", "youth_mentoring", "", "youth_development"),
}  # fmt: skip

# id | name | profile | region (see REGIONS) | size in FTE | annual revenue in euro (if known)
ORGANISATIONS = """
GEM-BRA    | Gemeente Brakenveld                    | centrumgemeente   | BRA | 1400 |
GEM-OMM    | Gemeente Ommerdijk                     | gemeente          | OMM |  420 |
GEM-KLA    | Gemeente Klaverwolde                   | gemeente          | KLA |  310 |
GEM-RUI    | Gemeente Ruisendaal                    | gemeente          | RUI |  260 |
GEM-ZWA    | Gemeente Zwaluwmeer                    | gemeente          | ZWA |  190 |
GEM-ELZ    | Gemeente Elzenmolen                    | gemeente          | ELZ |  150 |
UWV-BRA    | UWV regio Brakenveld                   | uwv               | R   |  160 |
WSP-BRA    | Werkgeversservicepunt Brakenveld       | wsp               | R   |   35 |
SW-BRA     | Werkbedrijf Brakenveld                 | sw                | R   |  420 | 21000000
LWL-BRA    | Leerwerkloket Brakenveld               | leerwerkloket     | R   |    8 |
RMC-BRA    | RMC-regio Brakenveld                   | rmc               | R   |   12 |
WGV-ZW     | Werkgeversvereniging Zorg Brakenveld   | wgv               | R   |   14 | 2100000
PLAT-BW    | Stichting Brakenveld Werkt             | platform          | R   |    9 | 1150000
ZKH-BMC    | Medisch Centrum Brakenveld             | ziekenhuis        | BRA | 2600 | 310000000
ZG-EIK     | Zorggroep Eikenwaard                   | zorggroep         | BRA | 1300 | 92000000
ZG-LIND    | Woonzorg De Lindeboom                  | zorggroep         | OMM |  240 | 17000000
TZ-VAART   | Thuiszorg Vaartland                    | thuiszorg         | R   |  650 | 38000000
GHZ-DRIE   | Stichting Drieluik Gehandicaptenzorg   | ghz               | KLA |  900 | 64000000
GGZ-OEV    | GGZ Oeverland                          | ggz               | R   |  700 | 66000000
JZ-KOMP    | Jeugdhulp Kompasroos                   | jeugd             | BRA |  320 | 24000000
TZ-COOP    | Zorgcoöperatie De Wijkhanden           | zzp_coop          | R   |   60 | 5200000
HA-BRA     | Huisartsencoöperatie Brakenveld        | huisartsen        | BRA |  110 | 14000000
SB-PRIMA   | Stichting Primair Onderwijs Brakenveld | po                | BRA |  850 | 68000000
SB-KLIM    | Stichting Klimop Scholengroep          | po                | RUI |   95 | 7600000
SB-SERV    | Stichting Servaasscholen               | po                | ZWA |  120 | 9400000
SB-VELD    | Scholengroep Veldlicht                 | vo                | BRA |  700 | 61000000
SB-OMC     | Ommerdijk College                      | vo                | OMM |  260 | 23000000
KOV-BOL    | Kinderopvang De Bolderkar              | kinderopvang      | BRA |  240 | 14500000
KOV-GEL    | Kinderopvang Klein Geluk               | kinderopvang      | KLA |  110 | 6200000
KOV-ELZ    | Peuteropvang De Molenwiek              | kinderopvang      | ELZ |   25 | 1300000
ROC-BRA    | ROC Brakenveld                         | roc               | R   | 1100 | 98000000
HS-BRA     | Hogeschool Brakenveld                  | hogeschool        | BRA | 1300 | 125000000
COM-OPL    | Kennispunt Zorgopleidingen B.V.        | opleider          | R   |   40 | 4600000
COM-ACAD   | Academie voor het Onderwijsvak         | opleider          | X   |   25 | 3100000
REC-ZORG   | ZorgTalent Werving & Selectie B.V.     | uitzend_zorg      | R   |   45 | 9800000
REC-KLAS   | Klasvast Onderwijsdetachering B.V.     | uitzend_onderwijs | R   |   30 | 6500000
REC-FLEX   | FlexWerk Brakenveld B.V.               | uitzend           | R   |   60 | 14000000
REC-INT    | Zorgbrug Internationaal B.V.           | uitzend_int       | X   |   15 | 3200000
EMP-LOG    | Distributiecentrum Brakenveld B.V.     | werkgever         | BRA |  520 |
EMP-TECH   | Technobouw Ommerdijk B.V.              | werkgever         | OMM |  180 |
EMP-FOOD   | Broodfabriek De Korenaar               | werkgever         | KLA |  220 |
EMP-RETAIL | Supermarkten Ter Brake                 | werkgever         | BRA |  310 |
EMP-HOTEL  | Hotel De Brakenhof                     | werkgever         | BRA |   90 |
EMP-BOUW   | Bouwbedrijf Gebroeders Wissink         | werkgever         | ZWA |  140 |
MKB-AUTO   | Autoservice Elzenmolen                 | mkb               | ELZ |   12 |
MKB-TUIN   | Tuincentrum De Groene Molen            | mkb               | ELZ |   18 |
MKB-HORE   | Eetcafé Het Molenhuis                  | mkb               | ELZ |    9 |
OK-ELZ     | Ondernemerskring Elzenmolen            | ondernemers       | ELZ |    1 |
COM-ICT    | Datawijs ICT B.V.                      | ict               | BRA |   70 | 9500000
COM-HR     | Salarispunt Administratie B.V.         | hr                | R   |   35 | 3800000
COM-MEDIA  | Campagnebureau Zichtbaar               | media             | BRA |   20 | 2400000
COM-ASSESS | Assessmentbureau Talentscan            | assessment        | X   |   15 | 1900000
COM-ADV    | Bureau Arbeidsmarktinzicht             | advies            | X   |   18 |
COM-SCHOON | Schoonmaakbedrijf Glansrijk            | schoonmaak        | R   |  280 | 11000000
COM-ARBO   | Arbodienst Vitaal Werk                 | arbo              | R   |   55 | 6300000
COM-CATER  | Cateringbedrijf Smaakvol               | catering          | R   |   85 | 7400000
TAAL-INT   | Taalschool Spreekvaardig B.V.          | taalschool        | X   |    8 | 600000
HUIS-INT   | Short Stay Brakenveld B.V.             | shortstay         | BRA |    6 | 1400000
WON-BRA    | Woonstichting Brakenveld               | corporatie        | BRA |  190 | 58000000
WON-VAART  | Wooncorporatie Vaartwonen              | corporatie        | OMM |   70 | 19000000
NGO-TAAL   | Taalhuis Brakenveld                    | ngo_taal          | BRA |    5 |
NGO-NIEUW  | Stichting Nieuw Thuis Brakenveld       | ngo_nieuw         | R   |   25 |
NGO-HERIN  | Herintredersnetwerk Brakenveld         | ngo_herin         | R   |    4 |
NGO-MENTOR | Stichting Mentorwerk Jongeren          | ngo_mentor        | R   |    6 |
"""

# Employers outside the vocabulary's sectors: id -> (SBI code, sector).
EMPLOYER_SECTORS: dict[str, tuple[str, str]] = {
    "EMP-LOG": ("52.10", "logistics"),
    "EMP-TECH": ("28.99", "manufacturing"),
    "EMP-FOOD": ("10.71", "food"),
    "EMP-RETAIL": ("47.11", "retail"),
    "EMP-HOTEL": ("55.10", "hospitality"),
    "EMP-BOUW": ("41.20", "construction"),
    "MKB-AUTO": ("45.20", "automotive"),
    "MKB-TUIN": ("47.76", "retail"),
    "MKB-HORE": ("56.10", "hospitality"),
}

# Tags added to (or, for needs, removed from) an organisation's profile.
EXTRA_TAGS: dict[str, tuple[str, str, str]] = {
    # id: (extra capabilities, extra needs, extra goals)
    "COM-OPL": ("care_training", "", ""),
    "COM-ACAD": ("teacher_training", "", ""),
    "GGZ-OEV": ("youth_care", "", "youth_development"),
    "ROC-BRA": ("care_training;childcare_training", "", ""),
    "HS-BRA": ("care_training", "", ""),
    "ZKH-BMC": ("", "staff_housing", ""),
    "GEM-BRA": ("", "", "affordable_housing"),
}
# SB-PRIMA runs its own substitute pool (SS-INVAL) and buys no teaching staff;
# the small toddler group KOV-ELZ recruits through its umbrella partner KOV-BOL.
DROP_NEEDS: dict[str, set[str]] = {"SB-PRIMA": {"teaching_staff"}, "KOV-ELZ": {"recruitment"}}
# Denomination of the school boards (an extra attribute; "identity" in the merger debate).
DENOMINATION: dict[str, str] = {
    "SB-PRIMA": "openbaar",
    "SB-KLIM": "openbaar",
    "SB-SERV": "katholiek",
    "SB-VELD": "interconfessioneel",
    "SB-OMC": "openbaar",
}
REMARKS: dict[str, str] = {
    "GEM-BRA": "centrumgemeente of the labour-market region; hosts the werkgeversservicepunt",
    "WSP-BRA": "regional employer service point, run by the centrumgemeente with UWV",
    "SW-BRA": "sociaal werkbedrijf of the six municipalities",
    "WGV-ZW": "regional employers' association for care and welfare",
    "PLAT-BW": "runs the joint recruitment platform for care and education",
    "TZ-COOP": "cooperative of self-employed nurses",
}

# --------------------------------------------------------------------------------------------
# 2. People and the builder that collects agreements
# --------------------------------------------------------------------------------------------


FIRST_NAMES = idlist(
    """
    Anne Bart Chantal Dennis Els Floor Guus Hilde Ilse Jasper Kim Leon Marloes Nick Oscar
    Paula Quinten Roos Stefan Tessa Ufuk Vincent Wilma Yara Anouar Bo Cees Dorien Erik Femke
    Gijs Hester Iris Joris Karlijn Luuk Merel Noor Olaf Pim Rachida Sander Thea Vera Wim
    Youri Zoë Hamza Priya Lotte Marco Nadia Rutger Sabine Tim
    """
)
LAST_NAMES = split_tags(
    """
    van Dongen;Bakker;de Jong;Verbeek;Kok;Scholten;van Rijn;Mertens;Hofman;de Lange;Postma;
    Bosch;Vink;van Dam;Kuijpers;Wijnands;de Ridder;Steenbergen;Evers;Pauw;van Os;Lammers;
    Timmer;Nijhuis;Brink;Koning;de Waal;van Loon;Hermans;Sluiter;Dekkers;Jonker;Roelofs;
    Aksoy;Benali;Nguyen;Çelik;Pereira;Ramdin;Haddou;Oosterhuis;Greven;Akkerman;Veldkamp;
    """
)

# The designed key persons: each the sole contact on every agreement they carry.
KP_EIK = "Monique Hazelaar"  # ZG-EIK purchaser who renews the recruitment contract (IMP-1)
KP_PRIMA = "Gert-Jan Wolters"  # SB-PRIMA HR manager who orders teacher recruitment (IMP-2)
KP_WSP = "Ria Brinkhorst"  # WSP-BRA account manager for Elzenmolen and sheltered work (KP-WSP)
DESIGNED_PEOPLE = {KP_EIK, KP_PRIMA, KP_WSP}


class BrakenveldBuilder(Builder):
    """The shared builder with this region's dates and governance for background hybrid ties."""

    as_of = AS_OF
    first_evaluation = date(2026, 8, 1)
    hybrid_start_years = range(2018, 2026)
    hybrid_start_months = (1, 4, 8, 10)
    hybrid_ends = (None, None, date(2027, 12, 31), date(2028, 7, 31))

    def hybrid_governance(self, typ: str) -> str:
        """Secondments and covenants are sometimes run by a contract manager."""
        if typ == "secondment":
            return self.rng.choice(("contract_manager", "steering_group"))
        if typ == "covenant":
            return self.rng.choice(("steering_group", "contract_manager"))
        return super().hybrid_governance(typ)


# --------------------------------------------------------------------------------------------
# 3. Designed features (each is described, with ids and computed figures, in README.md)
# --------------------------------------------------------------------------------------------

IMPLICIT = {  # designed implicit ties and the contrast case: id -> (buyer, supplier, service)
    "IMP-1": ("ZG-EIK", "REC-ZORG", "recruitment"),
    "IMP-2": ("SB-PRIMA", "REC-KLAS", "recruitment"),
    "NEAR-1": ("ZKH-BMC", "REC-ZORG", "recruitment"),
}
PLATFORM = "JR-WERKT"
PLATFORM_MEMBERS = idlist(
    """
    ZKH-BMC ZG-EIK ZG-LIND TZ-VAART GHZ-DRIE GGZ-OEV JZ-KOMP SB-PRIMA SB-KLIM SB-SERV SB-VELD
    SB-OMC KOV-BOL KOV-GEL ROC-BRA HS-BRA UWV-BRA WSP-BRA GEM-BRA
    """
)
CARE_COVENANT_MEMBERS = idlist(
    """
    ZKH-BMC ZG-EIK ZG-LIND TZ-VAART GHZ-DRIE GGZ-OEV JZ-KOMP HA-BRA ROC-BRA HS-BRA UWV-BRA
    GEM-BRA WSP-BRA
    """
)
EDUCATION_CONSORTIUM_MEMBERS = idlist(
    "SB-KLIM SB-SERV SB-VELD SB-OMC KOV-BOL KOV-GEL KOV-ELZ HS-BRA ROC-BRA"
)
FLEXPOOL_MEMBERS = idlist("ZG-EIK ZG-LIND TZ-VAART GHZ-DRIE GGZ-OEV")
SUBSTITUTE_POOL = idlist("SB-PRIMA SB-KLIM SB-SERV")  # listed in the `parties` column
MUNICIPALITIES = idlist("GEM-BRA GEM-OMM GEM-KLA GEM-RUI GEM-ZWA GEM-ELZ")
FUND_RECIPIENTS = idlist("ZG-EIK ZG-LIND TZ-VAART GHZ-DRIE SB-PRIMA SB-VELD KOV-BOL")
# Small employers in Elzenmolen that reach the region only through the WSP.
PERIPHERY = idlist("OK-ELZ MKB-AUTO MKB-TUIN MKB-HORE")
CUT_VERTICES = {"WSP-BRA": sorted(PERIPHERY), "REC-INT": ["TAAL-INT"]}
MERGER_PAIR = ("SB-KLIM", "SB-SERV")
SINGLE_SOURCE = {  # (buyer, need): (only supplier, why)
    ("SB-PRIMA", "recruitment"): ("REC-KLAS", "part of IMP-2"),
    ("SB-SERV", "teaching_staff"): ("REC-KLAS", "SS-1: small board, one agency for substitutes"),
    ("GEM-ELZ", "early_childhood_education"): ("KOV-ELZ", "SS-2: one toddler group in the village"),
    ("PLAT-BW", "ict"): ("COM-ICT", "SS-3: the platform's vacancy site runs on one supplier"),
}

# The alliance clusters as designed: lead, members and shared goals for background ties.
CLUSTERS: dict[str, dict[str, list[str]]] = {
    "care_recruitment": {
        "lead": ["WGV-ZW"],
        "members": idlist(
            """
            ZKH-BMC ZG-EIK ZG-LIND TZ-VAART GHZ-DRIE GGZ-OEV JZ-KOMP TZ-COOP HA-BRA REC-ZORG
            REC-INT COM-OPL NGO-HERIN
            """
        ),
        "goals": ["filled_vacancies", "staff_retention"],
    },
    "education_recruitment": {
        "lead": ["SB-PRIMA"],
        "members": idlist(
            """
            SB-KLIM SB-SERV SB-VELD SB-OMC KOV-BOL KOV-GEL KOV-ELZ REC-KLAS COM-ACAD RMC-BRA
            NGO-MENTOR
            """
        ),
        "goals": ["filled_vacancies", "quality_of_education"],
    },
    "work_income": {
        "lead": ["WSP-BRA"],
        "members": idlist(
            """
            GEM-BRA GEM-OMM GEM-KLA GEM-RUI GEM-ZWA GEM-ELZ UWV-BRA SW-BRA LWL-BRA REC-FLEX
            EMP-LOG EMP-TECH EMP-FOOD EMP-RETAIL EMP-HOTEL EMP-BOUW NGO-TAAL NGO-NIEUW OK-ELZ
            MKB-AUTO MKB-TUIN MKB-HORE
            """
        ),
        "goals": ["labour_participation", "inclusive_labour_market"],
    },
}
BRIDGES: dict[str, str] = {
    "PLAT-BW": "all three: lead of the joint recruitment platform JR-WERKT",
    "ROC-BRA": "all three: BBL covenants with care employers, childcare and companies, "
    "secondments in, the Leerwerkloket",
    "HS-BRA": "care_recruitment <-> education_recruitment: nursing placements and "
    "'samen opleiden' with every school board",
    "UWV-BRA": "work_income <-> care_recruitment: retraining into care with WGV-ZW, covenant "
    "COV-ZORG",
    "GGZ-OEV": "care_recruitment <-> education_recruitment: mental-health staff seconded to "
    "the secondary schools",
    "JZ-KOMP": "care_recruitment <-> education_recruitment: youth care staff seconded to SB-PRIMA",
    "WON-BRA": "housing for staff: covenants with ZKH-BMC, PLAT-BW and GEM-BRA",
}


def add_designed(b: Builder) -> None:
    """Add every agreement that carries a designed feature (ids are mnemonic)."""
    # IMP-1: implicit supplier-style tie. ZG-EIK has bought recruitment from REC-ZORG through
    # a framework contract renewed every calendar year since 2018, always by the same purchaser,
    # never treated as a partnership; REC-ZORG now has ~85% of ZG-EIK's recruitment spend.
    for i, year in enumerate(range(2018, 2027), 1):
        value = 640_000 + 63_750 * (year - 2018) // 5000 * 5000
        designed(b, "IMP-1", f"EIK-ZORG-{i}", "contract", "ZG-EIK>REC-ZORG",
                 f"{year}-01-01..{year}-12-31", value, "recruitment",
                 f"Raamovereenkomst werving en selectie zorgpersoneel {year}",
                 contacts=[KP_EIK])  # fmt: skip

    # IMP-2: SB-PRIMA orders its teacher recruitment from REC-KLAS school year after school
    # year, exclusively, always through its HR manager; REC-KLAS is its only recruiter.
    # The 2026-2027 order is already planned (the successor of the expiring 2025-2026 one).
    for i, year in enumerate(range(2019, 2027), 1):
        value = 210_000 + 25_000 * (year - 2019)
        designed(b, "IMP-2", f"PRIMA-KLAS-{i}", "purchase", "SB-PRIMA>REC-KLAS",
                 f"{year}-08-01..{year + 1}-07-31", value, "recruitment",
                 f"Werving leerkrachten schooljaar {year}-{year + 1}", contacts=[KP_PRIMA],
                 exclusive=True)  # fmt: skip

    # NEAR-1: the contrast. ZKH-BMC has also bought from REC-ZORG since 2019, but with gaps of
    # about half a year, a different pair of people each time and a minority of its spend.
    near = [("2019-01-01..2020-12-31", 310_000), ("2021-07-01..2023-06-30", 360_000),
            ("2024-01-01..2027-12-31", 420_000)]  # fmt: skip
    for i, (period, value) in enumerate(near, 1):
        designed(b, "NEAR-1", f"BMC-ZORG-{i}", "contract", "ZKH-BMC>REC-ZORG", period, value,
                 "recruitment", "Werving en selectie specialistische verpleegkundigen",
                 contacts=[b.staff.fresh("ZKH-BMC"), b.staff.fresh("REC-ZORG")])  # fmt: skip

    # PLAIN-1..3: plain market ties: one agreement, non-core service, two contacts.
    designed(b, "PLAIN", "PLAIN-1", "purchase", "GEM-OMM>COM-ADV", "2026-03-01..2027-08-31",
             38_000, "labour_market_information", "Arbeidsmarktanalyse Ommerdijk")  # fmt: skip
    designed(b, "PLAIN", "PLAIN-2", "contract", "SB-VELD>COM-SCHOON", "2025-08-01..2028-07-31",
             290_000, "cleaning", "Schoonmaak schoolgebouwen")  # fmt: skip
    designed(b, "PLAIN", "PLAIN-3", "purchase", "ROC-BRA>COM-MEDIA", "2026-01-15..2027-12-31",
             45_000, "recruitment_marketing", "Campagne open dagen")  # fmt: skip

    # JR-WERKT: the joint recruitment platform, 20 parties, lead PLAT-BW (lead-organisation
    # governance), well organised: goals, joint board, evaluation date.
    designed(b, "PLATFORM", PLATFORM, "joint_recruitment", "", "2021-09-01..", 850_000,
             "recruitment", "Brakenveld Werkt: regionaal wervingsplatform zorg en onderwijs",
             roles=[("PLAT-BW", "lead")] + [(o, "member") for o in PLATFORM_MEMBERS],
             governance="joint_board",
             shared_goals=["filled_vacancies", "staff_retention", "lifelong_learning"],
             contacts=[b.staff.pick("PLAT-BW"), b.staff.pick("ZKH-BMC"), b.staff.pick("SB-PRIMA")],
             evaluation_date=d("2026-11-15"))  # fmt: skip
    # Its funding: one large grant expires soon (EXP-1), two small ones continue.
    designed(b, "EXP", "EXP-PLAT-RAP", "grant", "GEM-BRA>PLAT-BW", "2023-10-01..2026-09-30",
             640_000, "labour_market_programme",
             "Regionaal actieplan zorg en onderwijs 2023-2026")  # fmt: skip
    designed(b, "PLATFORM", "PLAT-BASIS", "subsidy", "GEM-BRA>PLAT-BW", "2024-01-01..2027-12-31",
             120_000, "labour_market_programme", "Basisfinanciering Brakenveld Werkt")  # fmt: skip
    designed(b, "PLATFORM", "PLAT-UWV", "grant", "UWV-BRA>PLAT-BW", "2025-01-01..2027-12-31",
             90_000, "labour_market_programme", "Regionaal mobiliteitsbudget")  # fmt: skip
    designed(b, "SS-3", "PLAT-ICT", "service_contract", "PLAT-BW>COM-ICT",
             "2022-01-01..2027-12-31", 95_000, "ict",
             "Vacaturesite en matchingsmodule")  # fmt: skip

    # COV-ZORG: covenant on the care labour market, lead WGV-ZW. Under-organised (UO-3):
    # it has goals and a steering group but no evaluation date.
    designed(b, "UO", "COV-ZORG", "covenant", "", "2022-03-01..", None, "care_staff",
             "Convenant Arbeidsmarkt Zorg en Welzijn Brakenveld",
             roles=[("WGV-ZW", "lead")] + [(o, "member") for o in CARE_COVENANT_MEMBERS],
             governance="steering_group", shared_goals=["filled_vacancies", "staff_retention"],
             contacts=[b.staff.pick("WGV-ZW"), b.staff.pick("ZKH-BMC")])  # fmt: skip

    # CONS-ONDW: the education region (onderwijsregio), lead SB-PRIMA.
    designed(b, "CONSORTIUM", "CONS-ONDW", "consortium", "", "2023-01-01..2028-07-31", 480_000,
             "teaching_staff", "Onderwijsregio Brakenveld: aanpak personeelstekort",
             roles=[("SB-PRIMA", "lead")] + [(o, "member") for o in EDUCATION_CONSORTIUM_MEMBERS],
             governance="steering_group",
             shared_goals=["filled_vacancies", "quality_of_education"],
             contacts=[b.staff.pick("SB-PRIMA"), b.staff.pick("HS-BRA")],
             evaluation_date=d("2027-01-15"))  # fmt: skip

    # JV-FLEX: a joint venture running a shared flexpool of care staff, lead ZKH-BMC.
    designed(b, "FLEXPOOL", "JV-FLEX", "joint_venture", "", "2023-01-01..", None, "flexpool",
             "Flexpool Zorg Brakenveld",
             roles=[("ZKH-BMC", "lead")] + [(o, "member") for o in FLEXPOOL_MEMBERS],
             governance="legal_entity", shared_goals=["staff_retention", "quality_of_care"],
             contacts=[b.staff.pick("ZKH-BMC"), b.staff.pick("TZ-VAART")],
             evaluation_date=d("2026-12-01"))  # fmt: skip

    # SS-INVAL: a shared substitute pool of the three primary-school boards (no lead).
    designed(b, "FLEXPOOL", "SS-INVAL", "shared_service", "", "2022-08-01..", None,
             "teaching_staff", "Regionale invalpool primair onderwijs", parties=SUBSTITUTE_POOL,
             governance="joint_board", shared_goals=["quality_of_education", "staff_retention"],
             contacts=[b.staff.pick("SB-PRIMA"), b.staff.pick("SB-SERV")],
             evaluation_date=d("2027-03-01"))  # fmt: skip

    # JV-WSP: the regional werkgeversservicepunt, run by the centrumgemeente with the other
    # municipalities and UWV; OWN-BRA-WSP: it is organisationally part of GEM-BRA.
    designed(b, "WSP", "JV-WSP", "joint_venture", "", "2016-01-01..", 1_900_000,
             "employer_services", "Regionaal Werkbedrijf: werkgeversservicepunt",
             roles=[("GEM-BRA", "lead")]
             + [(o, "member") for o in [*MUNICIPALITIES[1:], "UWV-BRA", "WSP-BRA"]],
             governance="joint_board",
             shared_goals=["labour_participation", "inclusive_labour_market"],
             contacts=[b.staff.pick("GEM-BRA"), b.staff.pick("UWV-BRA")],
             evaluation_date=d("2026-10-01"))  # fmt: skip
    designed(b, "WSP", "OWN-BRA-WSP", "ownership", "GEM-BRA>WSP-BRA", "2016-01-01..",
             title="Het werkgeversservicepunt is ondergebracht bij de centrumgemeente",
             governance="legal_entity", exclusive=True)  # fmt: skip

    # FUND-REG: the regional labour-market fund, two funders, seven recipients.
    designed(b, "FUND", "FUND-REG", "grant", "", "2025-01-01..2028-12-31", 1_200_000,
             "training", "Regionaal Werkfonds Zorg en Onderwijs (scholing zij-instromers)",
             roles=[("GEM-BRA", "funder"), ("UWV-BRA", "funder")]
             + [(o, "recipient") for o in FUND_RECIPIENTS],
             contacts=[b.staff.pick("GEM-BRA"), b.staff.pick("UWV-BRA")])  # fmt: skip

    # Secondments between care employers and schools (SEC-...). SEC-OEV-OMC is
    # under-organised (UO-2: no shared goals); SEC-VELD-ROC expires soon (EXP-2).
    sec = {"governance": "contract_manager", "evaluation_date": d("2027-02-01")}
    for aid, pair, service, start, end, title, goals in [
        ("SEC-BMC-ROC", "ZKH-BMC>ROC-BRA", "care_staff", "2022-08-01", "",
         "Hybride docent verpleegkunde", ["filled_vacancies", "quality_of_care"]),
        ("SEC-BMC-HS", "ZKH-BMC>HS-BRA", "care_staff", "2023-09-01", "2028-08-31",
         "Praktijklector acute zorg", ["quality_of_care"]),
        ("SEC-EIK-ROC", "ZG-EIK>ROC-BRA", "care_staff", "2021-08-01", "",
         "Praktijkopleider ouderenzorg in de klas", ["filled_vacancies"]),
        ("SEC-VAART-HS", "TZ-VAART>HS-BRA", "care_staff", "2024-02-01", "2027-08-31",
         "Docent wijkverpleging", ["quality_of_care"]),
        ("SEC-DRIE-ROC", "GHZ-DRIE>ROC-BRA", "care_staff", "2023-08-01", "",
         "Gastdocent gehandicaptenzorg", ["filled_vacancies"]),
        ("SEC-OEV-VELD", "GGZ-OEV>SB-VELD", "care_staff", "2022-09-01", "",
         "Jeugd-GGZ-professional op school", ["youth_development"]),
        ("SEC-OEV-OMC", "GGZ-OEV>SB-OMC", "care_staff", "2024-09-01", "", "Jeugd-GGZ op het "
         "Ommerdijk College", []),
        ("SEC-KOMP-PRIMA", "JZ-KOMP>SB-PRIMA", "care_staff", "2023-01-01", "",
         "Jeugdhulp in de school", ["youth_development"]),
        ("SEC-VELD-ROC", "SB-VELD>ROC-BRA", "teaching_staff", "2024-08-01", "2026-07-31",
         "Docent techniek gedetacheerd bij het ROC", ["quality_of_education"]),
        ("SEC-PRIMA-HS", "SB-PRIMA>HS-BRA", "teaching_staff", "2021-09-01", "",
         "Opleidingsdocent pabo", ["quality_of_education", "filled_vacancies"]),
    ]:  # fmt: skip
        feature = {"SEC-OEV-OMC": "UO", "SEC-VELD-ROC": "EXP"}.get(aid, "SECONDMENT")
        designed(b, feature, aid, "secondment", pair, f"{start}..{end}", None, service, title,
                 shared_goals=goals, **sec)  # fmt: skip

    # UO-1: two childcare organisations recruit together without governance or evaluation.
    designed(b, "UO", "JR-KOV", "joint_recruitment", "KOV-BOL>KOV-GEL", "2024-03-01..", None,
             "recruitment", "Samen werven pedagogisch professionals", governance="none",
             shared_goals=["filled_vacancies"])  # fmt: skip

    # EXP-3: a recruitment contract ending within six months, no successor.
    designed(b, "EXP", "EXP-DRIE-INT", "contract", "GHZ-DRIE>REC-INT", "2024-11-01..2026-10-31",
             140_000, "recruitment", "Werving begeleiders uit het buitenland (pilot)")  # fmt: skip
    # END-1: a recruitment contract stopped after disappointing results.
    designed(b, "END", "END-VAART-INT", "contract", "TZ-VAART>REC-INT", "2024-01-01..2025-12-31",
             95_000, "recruitment", "Werving wijkverpleegkundigen buitenland (beëindigd)",
             status="ended")  # fmt: skip

    # SS-1 and SS-2 (single-source needs) come from PURCHASES; SS-3 is PLAT-ICT above.

    # Proposed merger of two small primary-school boards; they already share the substitute
    # pool (SS-INVAL) and recruit together (JR-ZUID).
    designed(b, "MERGER", "MRG-KLIM-SERV", "merger", "SB-KLIM>SB-SERV", "2027-08-01..",
             title="Voorgenomen bestuurlijke fusie Klimop en Servaasscholen", status="proposed",
             governance="legal_entity")  # fmt: skip
    designed(b, "MERGER", "JR-ZUID", "joint_recruitment", "SB-SERV>SB-KLIM", "2023-02-01..",
             None, "recruitment", "Samen werven leerkrachten Ruisendaal-Zwaluwmeer",
             governance="steering_group", shared_goals=["filled_vacancies", "staff_retention"],
             evaluation_date=d("2027-02-01"))  # fmt: skip

    # CUT-VERTEX and KP-WSP: small employers in Elzenmolen reach the region only through the
    # WSP, and one account manager there carries every tie with them (and two more).
    kp = {"contacts": [KP_WSP]}
    designed(b, "CUT-VERTEX", "WSP-OK-ELZ", "covenant", "WSP-BRA>OK-ELZ", "2022-01-01..", None,
             "employer_services", "Werkgeversaanpak Elzenmolen", governance="contract_manager",
             shared_goals=["inclusive_labour_market"], evaluation_date=d("2026-12-01"),
             **kp)  # fmt: skip
    for mkb, value in (("MKB-AUTO", 28_000), ("MKB-TUIN", 41_000), ("MKB-HORE", 19_000)):
        designed(b, "CUT-VERTEX", f"WSP-{mkb}", "grant", f"WSP-BRA>{mkb}",
                 "2025-01-01..2027-12-31", value, "wage_subsidy",
                 "Loonkostensubsidie en jobcoaching", **kp)  # fmt: skip
    designed(b, "CUT-VERTEX", "NET-ELZ", "network", "", "2019-05-01..", None, "employer_network",
             "Ondernemerskring Elzenmolen: werken in het dorp",
             roles=[("OK-ELZ", "lead")] + [(o, "member") for o in PERIPHERY[1:]],
             governance="steering_group", shared_goals=["regional_economy"],
             contacts=[b.staff.pick("OK-ELZ"), b.staff.pick("MKB-TUIN")],
             evaluation_date=d("2027-05-01"))  # fmt: skip
    designed(b, "KP-WSP", "WSP-SW", "partnership", "WSP-BRA>SW-BRA", "2020-01-01..", None,
             "placement", "Detacheren via het werkbedrijf", governance="steering_group",
             shared_goals=["inclusive_labour_market"], evaluation_date=d("2026-11-01"),
             **kp)  # fmt: skip
    designed(b, "KP-WSP", "WSP-FOOD", "covenant", "WSP-BRA>EMP-FOOD", "2021-06-01..", None,
             "employment", "Banenafspraak Broodfabriek", governance="contract_manager",
             shared_goals=["inclusive_labour_market"], evaluation_date=d("2027-01-01"),
             **kp)  # fmt: skip

    # CUT-VERTEX 2: a language school whose only client is the international recruiter.
    designed(b, "CUT-VERTEX", "INT-TAAL", "contract", "REC-INT>TAAL-INT",
             "2024-01-01..2027-12-31", 65_000, "language_training",
             "Taaltraining Nederlands voor buitenlandse verpleegkundigen")  # fmt: skip

    # Planned: an academic workplace for elderly care (starts after AS_OF).
    designed(b, "PLANNED", "PLN-AW-EIK", "partnership", "HS-BRA>ZG-EIK", "2026-09-01..2030-08-31",
             title="Academische werkplaats ouderenzorg", phase="creation",
             governance="steering_group", shared_goals=["quality_of_care", "staff_retention"],
             evaluation_date=d("2027-09-01"))  # fmt: skip


# --------------------------------------------------------------------------------------------
# 4. Background: purchasing, subsidies, company contracts, cluster ties, multi-party
# --------------------------------------------------------------------------------------------

# Agreement type and title per purchased service.
SERVICE_TYPE: dict[str, tuple[str, str]] = {
    "recruitment": ("contract", "Werving en selectie"),
    "care_staff": ("contract", "Inhuur zorgpersoneel"),
    "teaching_staff": ("contract", "Detachering invalkrachten"),
    "training": ("service_contract", "Opleidingstraject (BBL / duaal / zij-instroom)"),
    "childcare": ("contract", "Bedrijfsopvang voor medewerkers"),
    "placement": ("service_contract", "Re-integratie en plaatsing"),
    "early_childhood_education": ("subsidy", "Voor- en vroegschoolse educatie"),
}

# What each buyer buys now: service -> {supplier: annual euro}. Explicit, so that shares and
# single-source needs are as designed. Designed exceptions live in add_designed: IMP-1
# (ZG-EIK/REC-ZORG), IMP-2 (SB-PRIMA/REC-KLAS), NEAR-1 (ZKH-BMC/REC-ZORG), EXP-DRIE-INT.
PURCHASES: dict[str, dict[str, dict[str, int]]] = {
    "ZKH-BMC": {
        "recruitment": {"REC-INT": 380_000, "COM-MEDIA": 160_000},  # + NEAR-1
        "care_staff": {"REC-ZORG": 2_400_000, "TZ-COOP": 900_000, "REC-FLEX": 300_000},
        "training": {"HS-BRA": 820_000, "ROC-BRA": 650_000, "COM-OPL": 240_000},
        "childcare": {"KOV-BOL": 310_000, "KOV-GEL": 120_000},
    },
    "ZG-EIK": {
        "recruitment": {"REC-INT": 110_000, "COM-MEDIA": 90_000},  # + IMP-1
        "care_staff": {"TZ-COOP": 700_000, "REC-FLEX": 450_000},
        "training": {"ROC-BRA": 540_000, "COM-OPL": 310_000, "HS-BRA": 180_000},
    },
    "ZG-LIND": {
        "recruitment": {"REC-ZORG": 140_000, "COM-MEDIA": 45_000},
        "care_staff": {"REC-ZORG": 380_000, "TZ-COOP": 210_000},
        "training": {"ROC-BRA": 120_000, "COM-OPL": 95_000},
    },
    "TZ-VAART": {
        "recruitment": {"REC-ZORG": 260_000, "REC-FLEX": 120_000, "COM-MEDIA": 70_000},
        "care_staff": {"TZ-COOP": 520_000, "REC-ZORG": 450_000},
        "training": {"ROC-BRA": 260_000, "HS-BRA": 140_000},
    },
    "GHZ-DRIE": {
        "recruitment": {"REC-FLEX": 210_000, "REC-ZORG": 190_000},  # + EXP-DRIE-INT
        "care_staff": {"REC-FLEX": 400_000, "REC-ZORG": 350_000},
        "training": {"ROC-BRA": 330_000, "COM-OPL": 170_000},
    },
    "GGZ-OEV": {
        "recruitment": {"REC-ZORG": 230_000, "COM-MEDIA": 80_000, "COM-ASSESS": 45_000},
        "care_staff": {"REC-ZORG": 600_000, "TZ-COOP": 150_000},
        "training": {"HS-BRA": 260_000, "COM-OPL": 120_000},
    },
    "JZ-KOMP": {
        "recruitment": {"REC-ZORG": 90_000, "REC-FLEX": 60_000},
        "care_staff": {"REC-ZORG": 240_000, "REC-FLEX": 110_000},
        "training": {"HS-BRA": 90_000, "COM-OPL": 70_000},
    },
    "HA-BRA": {
        "recruitment": {"REC-ZORG": 45_000, "COM-MEDIA": 20_000},
        "training": {"ROC-BRA": 60_000, "COM-OPL": 25_000},
    },
    "SB-PRIMA": {  # + IMP-2 (its only recruiter)
        "training": {"HS-BRA": 420_000, "COM-ACAD": 150_000},
    },
    "SB-KLIM": {
        "recruitment": {"REC-KLAS": 40_000, "COM-MEDIA": 15_000},
        "teaching_staff": {"REC-KLAS": 160_000, "REC-FLEX": 40_000},
        "training": {"HS-BRA": 45_000, "COM-ACAD": 30_000},
    },
    "SB-SERV": {
        "recruitment": {"REC-KLAS": 55_000, "COM-MEDIA": 20_000},
        "teaching_staff": {"REC-KLAS": 230_000},  # SS-1
        "training": {"HS-BRA": 60_000, "COM-ACAD": 25_000},
    },
    "SB-VELD": {
        "recruitment": {"REC-KLAS": 210_000, "COM-MEDIA": 90_000, "COM-ASSESS": 40_000},
        "teaching_staff": {"REC-KLAS": 650_000, "REC-FLEX": 240_000},
        "training": {"HS-BRA": 310_000, "COM-ACAD": 120_000},
    },
    "SB-OMC": {
        "recruitment": {"REC-KLAS": 80_000, "REC-FLEX": 40_000},
        "teaching_staff": {"REC-KLAS": 260_000, "REC-FLEX": 90_000},
        "training": {"HS-BRA": 90_000, "COM-ACAD": 50_000},
    },
    "KOV-BOL": {
        "recruitment": {"REC-FLEX": 80_000, "COM-MEDIA": 30_000},
        "training": {"ROC-BRA": 110_000, "COM-ACAD": 25_000},
    },
    "KOV-GEL": {
        "recruitment": {"REC-FLEX": 35_000, "REC-KLAS": 20_000},
        "training": {"ROC-BRA": 45_000, "COM-ACAD": 15_000},
    },
    "KOV-ELZ": {"training": {"ROC-BRA": 12_000, "COM-ACAD": 6_000}},
    "EMP-LOG": {"recruitment": {"REC-FLEX": 480_000, "COM-MEDIA": 60_000}},
    "EMP-TECH": {"recruitment": {"REC-FLEX": 150_000, "COM-ASSESS": 30_000}},
    "EMP-FOOD": {"recruitment": {"REC-FLEX": 210_000, "COM-MEDIA": 25_000}},
    "EMP-RETAIL": {"recruitment": {"REC-FLEX": 160_000, "COM-MEDIA": 40_000}},
    "EMP-HOTEL": {"recruitment": {"REC-FLEX": 60_000, "COM-ASSESS": 12_000}},
    "EMP-BOUW": {"recruitment": {"REC-FLEX": 95_000, "COM-ASSESS": 18_000}},
    "GEM-BRA": {
        "placement": {"SW-BRA": 2_800_000, "REC-FLEX": 650_000, "NGO-NIEUW": 320_000},
        "early_childhood_education": {"KOV-BOL": 1_400_000, "KOV-GEL": 300_000},
    },
    "GEM-OMM": {
        "placement": {"SW-BRA": 900_000, "REC-FLEX": 180_000},
        "early_childhood_education": {"KOV-GEL": 380_000, "KOV-BOL": 120_000},
    },
    "GEM-KLA": {
        "placement": {"SW-BRA": 620_000, "REC-FLEX": 110_000},
        "early_childhood_education": {"KOV-GEL": 250_000, "KOV-BOL": 90_000},
    },
    "GEM-RUI": {
        "placement": {"SW-BRA": 480_000, "NGO-NIEUW": 60_000},
        "early_childhood_education": {"KOV-GEL": 160_000, "KOV-ELZ": 40_000},
    },
    "GEM-ZWA": {
        "placement": {"SW-BRA": 380_000, "REC-FLEX": 70_000},
        "early_childhood_education": {"KOV-ELZ": 110_000, "KOV-GEL": 90_000},
    },
    "GEM-ELZ": {
        "placement": {"SW-BRA": 300_000, "REC-FLEX": 50_000},
        "early_childhood_education": {"KOV-ELZ": 140_000},  # SS-2
    },
    "UWV-BRA": {
        "placement": {"REC-FLEX": 1_200_000, "SW-BRA": 600_000, "NGO-NIEUW": 150_000},
        "training": {"ROC-BRA": 900_000, "COM-OPL": 450_000},
    },
}
NO_HISTORY = {("SB-SERV", "REC-KLAS")}  # pairs kept to one agreement so the figures stay clean


def period_for(buyer: Org, rng: random.Random) -> tuple[date, date]:
    """Current contract period: school years for schools and childcare, else calendar years."""
    if buyer.type == "school" or buyer.sector == "childcare":
        start = date(rng.choice((2024, 2025)), 8, 1)
        end = date(rng.choice((2027, 2028)), 7, 31)
    else:
        start = date(rng.choice((2024, 2025, 2026)), 1, 1)
        end = date(rng.choice((2027, 2028, 2029)), 12, 31)
    return start, end


def add_purchases(b: Builder) -> None:
    """Current contracts from PURCHASES; about four in ten also had a previous one."""
    for buyer, services in PURCHASES.items():
        org = b.orgs[buyer]
        for service, suppliers in services.items():
            typ, title = SERVICE_TYPE[service]
            if service == "placement" and org.type == "government_agency":
                typ = "tender_award"  # UWV tenders its re-integration services
            for supplier, value in suppliers.items():
                start, end = period_for(org, b.rng)
                prev = None
                if (buyer, supplier) not in NO_HISTORY and b.rng.random() < 0.4:
                    old = int(round(value * b.rng.uniform(0.82, 0.95) / 1000) * 1000)
                    prev_start = date(start.year - 3, start.month, 1)
                    prev = b.market(typ, buyer, supplier, service, old, prev_start,
                                    day_before(start), title)  # fmt: skip
                cur = b.market(typ, buyer, supplier, service, value, start, end, title)
                b.spread_contacts(prev, cur)


# Subsidies and grants outside the purchase matrix: (type, funder, recipient, service, low, high)
SUBSIDIES: list[tuple[str, str, str, str, int, int]] = [
    ("subsidy", "GEM-BRA", "NGO-TAAL", "language_training", 120_000, 180_000),
    ("subsidy", "GEM-OMM", "NGO-TAAL", "language_training", 30_000, 50_000),
    ("subsidy", "GEM-BRA", "NGO-NIEUW", "integration_support", 300_000, 450_000),
    ("subsidy", "GEM-KLA", "NGO-NIEUW", "integration_support", 50_000, 80_000),
    ("subsidy", "GEM-BRA", "NGO-HERIN", "returner_support", 40_000, 60_000),
    ("grant", "UWV-BRA", "NGO-HERIN", "returner_support", 30_000, 50_000),
    ("subsidy", "GEM-BRA", "NGO-MENTOR", "youth_mentoring", 60_000, 90_000),
    ("subsidy", "GEM-OMM", "NGO-MENTOR", "youth_mentoring", 20_000, 30_000),
    ("subsidy", "GEM-BRA", "EMP-LOG", "wage_subsidy", 80_000, 150_000),
    ("subsidy", "GEM-OMM", "EMP-TECH", "wage_subsidy", 40_000, 80_000),
    ("subsidy", "GEM-KLA", "EMP-FOOD", "wage_subsidy", 40_000, 90_000),
    ("subsidy", "GEM-BRA", "EMP-RETAIL", "wage_subsidy", 50_000, 90_000),
    ("grant", "UWV-BRA", "ZKH-BMC", "training", 150_000, 250_000),
    ("grant", "UWV-BRA", "TZ-VAART", "training", 80_000, 140_000),
    ("grant", "UWV-BRA", "GHZ-DRIE", "training", 60_000, 120_000),
    ("subsidy", "GEM-BRA", "LWL-BRA", "career_guidance", 90_000, 130_000),
    ("grant", "UWV-BRA", "LWL-BRA", "career_guidance", 60_000, 90_000),
    ("subsidy", "GEM-BRA", "RMC-BRA", "school_dropout_prevention", 250_000, 350_000),
    ("subsidy", "GEM-BRA", "WGV-ZW", "labour_market_information", 60_000, 90_000),
]


def add_subsidies(b: Builder) -> None:
    """Multi-year subsidies and grants."""
    for typ, funder, recipient, service, low, high in SUBSIDIES:
        start = b.rng.choice((d("2024-01-01"), d("2025-01-01")))
        title = f"Subsidie {service.replace('_', ' ')}"
        b.market(typ, funder, recipient, service, b.money(low, high), start, d("2028-12-31"),
                 title)  # fmt: skip


def buyers(text: str, typ: str, supplier: str, service: str, low: int, high: int) -> list[
        tuple[str, str, str, str, int, int]]:  # fmt: skip
    """Rows of COMPANY_CONTRACTS: one supplier, several buyers."""
    return [(typ, buyer, supplier, service, low, high) for buyer in idlist(text)]


# Contracts with companies and landlords: (type, buyer, supplier, service, low, high).
COMPANY_CONTRACTS: list[tuple[str, str, str, str, int, int]] = [
    *buyers("GEM-BRA SB-PRIMA SB-VELD ROC-BRA HS-BRA ZG-EIK", "service_contract", "COM-ICT",
            "ict", 90_000, 900_000),
    *buyers("ZG-EIK ZG-LIND SB-PRIMA SB-KLIM SB-SERV KOV-BOL SW-BRA", "outsourcing", "COM-HR",
            "payroll", 30_000, 220_000),
    *buyers("ZKH-BMC ZG-EIK GHZ-DRIE SB-PRIMA ROC-BRA HS-BRA EMP-HOTEL", "contract",
            "COM-SCHOON", "cleaning", 90_000, 1_400_000),
    *buyers("ZKH-BMC ZG-EIK TZ-VAART GGZ-OEV SB-VELD EMP-LOG SW-BRA", "service_contract",
            "COM-ARBO", "occupational_health", 60_000, 380_000),
    *buyers("ZKH-BMC ZG-EIK ROC-BRA HS-BRA", "contract", "COM-CATER", "catering", 120_000,
            900_000),
    *buyers("WGV-ZW PLAT-BW UWV-BRA", "purchase", "COM-ADV", "labour_market_information",
            25_000, 70_000),
    ("contract", "PLAT-BW", "COM-MEDIA", "recruitment_marketing", 120_000, 160_000),
    ("lease", "ZKH-BMC", "WON-BRA", "staff_housing", 180_000, 260_000),
    ("lease", "ZKH-BMC", "HUIS-INT", "staff_housing", 220_000, 300_000),
    ("lease", "REC-INT", "HUIS-INT", "housing", 90_000, 140_000),
    ("lease", "KOV-BOL", "WON-BRA", "office_space", 60_000, 90_000),
    ("lease", "ZG-LIND", "WON-VAART", "housing", 150_000, 240_000),
    ("lease", "KOV-GEL", "WON-VAART", "office_space", 30_000, 50_000),
    ("lease", "NGO-NIEUW", "WON-BRA", "housing", 90_000, 160_000),
]  # fmt: skip


def add_company_contracts(b: Builder) -> None:
    """Contracts with companies and landlords; some had an earlier contract."""
    for typ, buyer, supplier, service, low, high in COMPANY_CONTRACTS:
        rng = b.rng
        start = date(rng.choice((2023, 2024, 2025)), rng.choice((1, 7)), 1)
        end = max(date(start.year + rng.choice((4, 5)), start.month, 1) - timedelta(days=1),
                  BACKGROUND_MIN_END)  # fmt: skip
        value = b.money(low, high)
        prev = None
        if rng.random() < 0.3:
            prev_start = date(start.year - 3, start.month, 1)
            prev = b.market(typ, buyer, supplier, service, int(value * 0.9) // 1000 * 1000,
                            prev_start, day_before(start))  # fmt: skip
        cur = b.market(typ, buyer, supplier, service, value, start, end)
        b.spread_contacts(prev, cur)


# Two-party hybrid ties of each cluster (and the bridges): (type, source, target, service, title).
CLUSTER_TIES: dict[str, list[tuple[str, str, str, str, str]]] = {
    "care_recruitment": [
        *[("partnership", "WGV-ZW", o, "recruitment", "Strategische personeelsplanning")
          for o in idlist("ZKH-BMC ZG-EIK ZG-LIND TZ-VAART GHZ-DRIE GGZ-OEV JZ-KOMP")],
        ("partnership", "WGV-ZW", "HA-BRA", "recruitment", "Doktersassistenten van morgen"),
        ("covenant", "WGV-ZW", "REC-ZORG", "care_staff", "Regionale inhuurafspraken zorg"),
        ("covenant", "WGV-ZW", "TZ-COOP", "care_staff", "Regionale afspraken inzet zzp'ers"),
        ("partnership", "WGV-ZW", "REC-INT", "recruitment", "Pilot internationale werving"),
        ("covenant", "WGV-ZW", "COM-OPL", "training", "Opleidingsaanbod zorg"),
        ("partnership", "WGV-ZW", "NGO-HERIN", "recruitment", "Herintreders in de zorg"),
        ("alliance", "ZKH-BMC", "ZG-EIK", "care_staff", "Transmurale leerafdeling"),
        ("partnership", "ZKH-BMC", "TZ-VAART", "care_staff", "Roulatie wijk en ziekenhuis"),
        ("partnership", "ZG-EIK", "ZG-LIND", "training", "Leerhuis ouderenzorg"),
        ("partnership", "TZ-VAART", "TZ-COOP", "care_staff", "Zzp'ers in de wijkteams"),
        ("partnership", "GHZ-DRIE", "GGZ-OEV", "care_staff", "Gezamenlijk team dubbele diagnose"),
        ("partnership", "GGZ-OEV", "JZ-KOMP", "youth_mental_health", "Jeugd-GGZ samen"),
        ("partnership", "HA-BRA", "TZ-VAART", "care_staff", "Praktijkverpleegkundige in de wijk"),
        ("partnership", "NGO-HERIN", "TZ-VAART", "recruitment", "Herintreders wijkverpleging"),
        ("partnership", "NGO-HERIN", "ZG-EIK", "recruitment", "Herintreders ouderenzorg"),
        ("partnership", "UWV-BRA", "WGV-ZW", "training", "Omscholing naar de zorg"),
        *[("covenant", "ROC-BRA", o, "work_placements", "Leerwerkplaatsen BBL zorg")
          for o in idlist("ZKH-BMC ZG-EIK ZG-LIND TZ-VAART GHZ-DRIE")],
        *[("covenant", "HS-BRA", o, "work_placements", "Stages en duale trajecten")
          for o in idlist("ZKH-BMC GGZ-OEV ZG-EIK JZ-KOMP")],
    ],
    "education_recruitment": [
        ("partnership", "SB-PRIMA", "KOV-BOL", "childcare", "Integraal kindcentrum Brakenveld"),
        ("partnership", "SB-PRIMA", "KOV-GEL", "childcare", "Integraal kindcentrum Klaverwolde"),
        ("partnership", "SB-PRIMA", "SB-VELD", "teaching_staff", "Doorlopende leerlijn PO-VO"),
        ("partnership", "SB-PRIMA", "SB-OMC", "teaching_staff", "Begeleiding startende leraren"),
        ("covenant", "SB-PRIMA", "COM-ACAD", "training", "Opleidingsakkoord zij-instroom"),
        ("partnership", "SB-KLIM", "KOV-GEL", "childcare", "Kindcentrum Ruisendaal"),
        ("partnership", "SB-SERV", "KOV-ELZ", "childcare", "Peuterwerk in de Servaasschool"),
        ("partnership", "KOV-BOL", "KOV-ELZ", "childcare", "Inzet pedagogisch medewerkers"),
        ("joint_recruitment", "SB-VELD", "SB-OMC", "teaching_staff", "Samen werven bètadocenten"),
        ("covenant", "SB-VELD", "REC-KLAS", "teaching_staff", "Inhuurcode onderwijs"),
        ("covenant", "RMC-BRA", "SB-VELD", "youth_development", "Aanpak voortijdig schoolverlaten"),
        ("covenant", "RMC-BRA", "SB-OMC", "youth_development", "Aanpak voortijdig schoolverlaten"),
        ("covenant", "RMC-BRA", "ROC-BRA", "youth_development", "Aanpak voortijdig schoolverlaten"),
        ("partnership", "NGO-MENTOR", "SB-VELD", "youth_mentoring", "Mentoren voor leerlingen"),
        ("partnership", "NGO-MENTOR", "RMC-BRA", "youth_mentoring", "Mentoren voor thuiszitters"),
        *[("partnership", "HS-BRA", o, "teacher_training", "Samen opleiden (opleidingsschool)")
          for o in idlist("SB-PRIMA SB-KLIM SB-SERV SB-VELD SB-OMC")],
        *[("covenant", "ROC-BRA", o, "work_placements", "Leerwerkplaatsen pedagogisch werk")
          for o in idlist("KOV-BOL KOV-GEL SB-PRIMA")],
    ],
    "work_income": [
        *[("covenant", "WSP-BRA", o, "employer_services", "Regionale werkgeversdienstverlening")
          for o in MUNICIPALITIES],
        ("partnership", "WSP-BRA", "UWV-BRA", "employer_services", "Eén werkgeversloket"),
        ("covenant", "WSP-BRA", "REC-FLEX", "placement", "Publiek-private samenwerking"),
        *[("covenant", "WSP-BRA", o, "employment", "Banenafspraak")
          for o in idlist("EMP-LOG EMP-TECH EMP-RETAIL EMP-HOTEL EMP-BOUW")],
        ("partnership", "WSP-BRA", "NGO-TAAL", "language_training", "Taal op de werkvloer"),
        ("partnership", "WSP-BRA", "NGO-NIEUW", "placement", "Statushouders aan het werk"),
        ("partnership", "WSP-BRA", "LWL-BRA", "career_guidance", "Van werk naar werk"),
        ("partnership", "UWV-BRA", "LWL-BRA", "career_guidance", "Leerwerkloket"),
        ("partnership", "UWV-BRA", "SW-BRA", "placement", "Beschut werk en indicaties"),
        ("partnership", "NGO-TAAL", "NGO-NIEUW", "language_training", "Taalmaatjes"),
        ("secondment", "SW-BRA", "EMP-LOG", "placement", "Groepsdetachering orderpicking"),
        ("secondment", "SW-BRA", "EMP-FOOD", "placement", "Groepsdetachering productie"),
        ("partnership", "EMP-RETAIL", "EMP-HOTEL", "work_placements", "Gastvrij werken"),
        ("shared_service", "GEM-ZWA", "GEM-ELZ", "benefits_administration",
         "Sociale dienst Zwaluwmeer-Elzenmolen"),
        ("partnership", "LWL-BRA", "ROC-BRA", "career_guidance", "Leerwerkloket in het ROC"),
        ("partnership", "LWL-BRA", "HS-BRA", "career_guidance", "Deeltijd en zij-instroom"),
        *[("covenant", "ROC-BRA", o, "work_placements", "Leerwerkplaatsen BBL techniek en "
           "logistiek") for o in idlist("EMP-LOG EMP-TECH EMP-HOTEL EMP-BOUW")],
        ("partnership", "MKB-TUIN", "MKB-HORE", "work_placements", "Groen en gastvrij"),
    ],
    "housing": [
        ("covenant", "WON-BRA", "ZKH-BMC", "staff_housing", "Woningen voor zorgprofessionals"),
        ("covenant", "WON-BRA", "PLAT-BW", "staff_housing", "Starterswoningen zorg en onderwijs"),
        ("covenant", "GEM-BRA", "WON-BRA", "housing", "Prestatieafspraken"),
        ("covenant", "GEM-OMM", "WON-VAART", "housing", "Prestatieafspraken"),
        ("partnership", "WON-VAART", "ZG-LIND", "housing", "Wonen met zorg Ommerdijk"),
    ],
}  # fmt: skip


def add_cluster_ties(b: Builder) -> None:
    """The two-party hybrid ties of each cluster, the bridges and the housing covenants."""
    for cluster, rows in CLUSTER_TIES.items():
        goals = CLUSTERS[cluster]["goals"] if cluster in CLUSTERS else ["affordable_housing"]
        for typ, src, tgt, service, title in rows:
            b.hybrid(typ, src, tgt, service, title, goals)


def build() -> tuple[dict[str, Org], list[Agreement]]:
    """Generate the organisations and agreements (deterministic)."""
    orgs = parse_organisations(
        ORGANISATIONS,
        PROFILES,
        REGIONS,
        EXTRA_TAGS,
        EMPLOYER_SECTORS,
        drop_needs=DROP_NEEDS,
        denominations=DENOMINATION,
        remarks=REMARKS,
    )
    staff = Staff(
        random.Random(SEED), FIRST_NAMES, LAST_NAMES, DESIGNED_PEOPLE, MAX_BACKGROUND_CONTACT_USES
    )
    b = BrakenveldBuilder(orgs, staff)
    add_designed(b)
    add_purchases(b)
    add_subsidies(b)
    add_company_contracts(b)
    add_cluster_ties(b)
    return orgs, b.agreements


# --------------------------------------------------------------------------------------------
# 5. Facts, checks and output
# --------------------------------------------------------------------------------------------


def pair_agreements(agreements: list[Agreement], x: str, y: str) -> list[Agreement]:
    """Every agreement with an edge between x and y (either direction)."""
    return [a for a in agreements if any({u, v} == {x, y} for u, v in a.pairs())]


def compute_facts(orgs: dict[str, Org], agreements: list[Agreement]) -> dict[str, Any]:
    """Every figure the README quotes, computed from the generated rows."""
    f: dict[str, Any] = {}
    by_id = {a.id: a for a in agreements}
    sp = spend(agreements, AS_OF)

    # Implicit ties (and the contrast): chain, gaps, share, contacts, other agreements.
    imp = {}
    for key, pair in IMPLICIT.items():
        rows = sorted((a for a in agreements if a.feature == key), key=lambda a: a.start or AS_OF)
        facts = chain_facts(rows, pair, sp, orgs, AS_OF)
        facts["n_to_date"] = len([a for a in rows if a.start and a.start <= AS_OF])
        facts["planned"] = [a.id for a in rows if a.status == "planned"]
        facts["other_pair_agreements"] = sorted(
            a.id for a in pair_agreements(agreements, pair[0], pair[1]) if a.feature != key
        )
        imp[key] = facts
    f["implicit"] = imp
    f["background_chains"] = background_chains(agreements)

    # Supplier concentration and single source.
    f["hhi"] = sorted(
        (
            (buyer, service, hhi(s), dict(s))
            for (buyer, service), s in sp.items()
            if len(s) >= 2 and service in orgs[buyer].needs
        ),
        key=lambda r: (-r[2], r[0], r[1]),
    )
    f["hhi_other"] = sum(
        1 for (buyer, service), s in sp.items() if len(s) >= 2 and service not in orgs[buyer].needs
    )
    f["single_source"] = single_source(sp, orgs)
    f["needs_without_market_supplier"] = sorted(
        (o.id, n) for o in orgs.values() for n in o.needs if (o.id, n) not in sp
    )

    f.update(contact_facts(agreements, AS_OF, DESIGNED_PEOPLE))
    f.update(expiry_facts(agreements, AS_OF, HORIZON_DAYS))

    # Clusters, and the clusters each bridge reaches through live hybrid agreements.
    partners = hybrid_partners(agreements, AS_OF)
    f.update(cluster_facts(CLUSTERS, partners))
    cluster_of = {o: c for c, spec in CLUSTERS.items() for o in spec["lead"] + spec["members"]}
    f["bridge_reach"] = {
        o: sorted({cluster_of[p] for p in partners[o] if p in cluster_of}) for o in BRIDGES
    }
    f["unclustered"] = sorted(set(orgs) - set(cluster_of))

    f["under_organised"] = under_organised(agreements)
    f.update(structure_facts(orgs, agreements, AS_OF))
    f["wsp_live_partners"] = len(live_graph(agreements, AS_OF)["WSP-BRA"])

    # The platform and the other multi-party agreements.
    multi = [a for a in agreements if not a.source]
    f["multi_party"] = [
        (a.id, a.type, len(a.members()), next((o for o, r in a.roles if r == "lead"), ""))
        for a in multi
    ]
    plat = by_id[PLATFORM]
    members = [o for o, r in plat.roles if r == "member"]
    f["platform_types"] = Counter(orgs[o].type for o in plat.members())
    funding = {
        a.id: a.value or 0
        for a in agreements
        if a.target == "PLAT-BW" and a.type in FUNDING_TYPES and is_live(a, AS_OF)
    }
    f["platform_funding"] = funding
    f["platform_funding_after"] = {
        i: v for i, v in funding.items() if (by_id[i].end or date.max) > date(2026, 9, 30)
    }
    member_pairs = [(x, y) for i, x in enumerate(members) for y in members[i + 1 :]]
    tied = {
        frozenset(p)
        for a in agreements
        if is_live(a, AS_OF) and a.id != PLATFORM
        for p in a.pairs()
        if set(p) <= set(members)
    }
    f["platform_member_pairs"] = (
        len(member_pairs),
        sum(frozenset(p) in tied for p in member_pairs),
    )

    # Recruitment agencies: how many buyers, and who depends on REC-KLAS.
    f["klas_boards"] = sorted(
        {b for (b, _), sup in sp.items() if "REC-KLAS" in sup and b in DENOMINATION}
    )
    f["klas_only"] = sorted((b, n) for b, n, s in f["single_source"] if s == "REC-KLAS")

    # The proposed merger.
    x, y = MERGER_PAIR
    f["merger"] = {
        "between": sorted(
            a.id for a in pair_agreements(agreements, x, y) if a.status in ("active", "proposed")
        ),
        **pair_overlap(orgs, agreements, x, y),
        "common_suppliers": sorted(
            {s for (b, _), sup in sp.items() if b == x for s in sup}
            & {s for (b, _), sup in sp.items() if b == y for s in sup}
        ),
    }
    return f


def check_design(orgs: dict[str, Org], agreements: list[Agreement], f: dict[str, Any]) -> None:
    """Fail loudly if the data does not carry a designed feature (or breaks the vocabulary)."""
    check_format(orgs, agreements)
    check_background(f, MAX_BACKGROUND_CONTACT_USES)
    for a in agreements:
        if not a.feature and a.end:  # background does not expire within twelve months
            assert a.end < AS_OF or a.end >= BACKGROUND_MIN_END, a.id
    assert 60 <= len(orgs) <= 120 and 250 <= len(agreements) <= 500, (len(orgs), len(agreements))

    i1, i2, near = (f["implicit"][k] for k in ("IMP-1", "IMP-2", "NEAR-1"))
    for x in (i1, i2):
        assert set(x["gaps"]) == {0} and len(x["contacts"]) == 1 and x["in_needs"], x
        assert x["other_pair_agreements"] == [], x["other_pair_agreements"]
    assert 0.84 <= i1["share"] <= 0.86 and i1["n_to_date"] == 9, i1
    assert i2["share"] == 1.0 and i2["n_to_date"] == 7 and i2["planned"] == ["PRIMA-KLAS-8"]
    assert min(near["gaps"]) > 150 and len(near["contacts"]) >= 6 and near["share"] < 0.5, near
    assert set(f["key_persons"]) == DESIGNED_PEOPLE, list(f["key_persons"])
    assert all(x["alone"] for x in f["key_persons"].values())

    assert f["single_source"] == sorted((b, n, s) for (b, n), (s, _) in SINGLE_SOURCE.items()), f[
        "single_source"
    ]
    assert [(i, s) for i, _, s in f["expiring_6m"]] == [
        ("EXP-DRIE-INT", ""),
        ("EXP-PLAT-RAP", ""),
        ("PRIMA-KLAS-7", "PRIMA-KLAS-8"),
        ("SEC-VELD-ROC", ""),
    ], f["expiring_6m"]
    assert [i for i, _, _ in f["expiring_12m"]] == sorted(
        [i for i, _, _ in f["expiring_6m"]] + ["EIK-ZORG-9"]
    ), f["expiring_12m"]
    assert [i for i, _ in f["under_organised"]] == ["COV-ZORG", "JR-KOV", "SEC-OEV-OMC"], f[
        "under_organised"
    ]
    assert f["live_components"] == 1 and not f["isolated_orgs"], f["isolated_orgs"]
    assert f["cut_vertices"] == CUT_VERTICES, f["cut_vertices"]
    assert f["bridges"] == [("REC-INT", "TAAL-INT")], f["bridges"]
    check_cluster_leads(f, CLUSTERS, margin=3)
    assert len(PLATFORM_MEMBERS) + 1 >= 15
    assert set(f["bridge_reach"]["PLAT-BW"]) == set(CLUSTERS)
    assert set(f["bridge_reach"]["ROC-BRA"]) == set(CLUSTERS)


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------

EXTRA_ORG_COLUMNS = ["denomination", "remark"]
META = dataset_meta(
    NAME,
    "Arbeidsmarktregio Brakenveld (fictional labour-market region)",
    AS_OF,
    "A fictional Dutch labour-market region of 6 municipalities where care and education "
    "employers, schools, UWV, recruitment agencies and a joint recruitment platform "
    "compete and collaborate for scarce staff, with known features built in for checking "
    "netorg's analyses.",
)


def render_readme(orgs: dict[str, Org], agreements: list[Agreement], f: dict[str, Any]) -> str:
    """README.md: what the dataset is and, with computed figures, what was built into it."""
    by_id = {a.id: a for a in agreements}
    statuses = Counter(a.status for a in agreements)
    out: list[str] = []
    w = out.append

    def name(oid: str) -> str:
        return org_label(orgs, oid)

    w("# Arbeidsmarktregio Brakenveld: a fictional labour-market example ecosystem\n")
    w(
        "**Everything here is fictional.** Arbeidsmarktregio Brakenveld, its six "
        "municipalities, its hospital, care groups, school boards, childcare organisations, "
        "schools, agencies, companies and every person named in `contacts` are invented; no "
        "real organisation or person is described, and any resemblance to a real one is "
        "accidental. Kinds of institution that every Dutch region has (gemeente, UWV, ROC, "
        "hogeschool, werkgeversservicepunt) appear under the invented region's name: their "
        "size, agreements and people are invented too and say nothing about the real UWV or "
        "any real office. Licence: [CC0-1.0](https://creativecommons.org/publicdomain/zero/1.0/)"
        " (public domain dedication): use it for anything, no attribution needed.\n"
    )
    w(
        "The dataset is netorg's second bundled example (`netorg.datasets.load("
        f'"{NAME}")`, or `netorg analyze` on this folder). Where the first one, `zorgregio`, '
        "is about purchasing care, this one is about people: care and education employers "
        "that recruit from the same small pool of nurses, teachers and pedagogical staff, the "
        "schools that train them, the public employment service, recruitment agencies and a "
        "joint recruitment platform. It has known features built in so that the analyses can "
        "be checked against it.\n"
    )
    out += files_section(
        orgs,
        agreements,
        "Extra columns kept as attributes: `kvk_sbi` (SBI activity code), `revenue` (annual "
        "revenue in euro, where known), `denomination` (of the school boards) and `remark` in "
        "organisations; `contract_ref` (the buyer's contract number) and `title` in "
        "agreements. Multi-party agreements list their parties in `parties.csv` with roles, "
        "except `SS-INVAL`, which lists them in the `parties` column (no lead).\n",
    )
    w("## How it was made\n")
    w(
        f"`.venv/bin/python datasets/{NAME}/build.py` regenerates every file byte for byte. It "
        "uses the standard library and imports the agreement and organisation vocabulary "
        "from `netorg.vocabulary`, so every type, status, phase, governance and role is one "
        "netorg accepts. The organisations are a table in the script; the designed features "
        "below are written out explicitly (`add_designed`); the current purchases are an "
        "explicit table (`PURCHASES`) so that shares are as designed; contract histories, "
        "dates, contacts and the background hybrid ties come from a seeded random generator "
        f"(seed {SEED}). `check_design()` stops the build when the background spoils a "
        "designed feature, and every figure in this README is computed from the generated "
        "rows.\n"
    )
    w(
        f"**Reference date: `as_of` = {AS_OF.isoformat()}** (in `dataset.json`). Every "
        "statement below about live, expiring or ended agreements refers to it; "
        f'`netorg.datasets.load("{NAME}")` uses it, and on the command line pass '
        f"`--as-of {AS_OF.isoformat()}` to reproduce the figures.\n"
    )
    out += glance_section(orgs, agreements, AS_OF, STATUSES, (MARKET, HYBRID, HIERARCHY))
    out += definitions_section(AS_OF, "two-party market")
    w("## What was built in\n")

    # 1 implicit ties
    w("### 1. Implicit supplier-style ties (recruitment bought like a commodity)\n")
    out += IMPLICIT_TABLE_HEAD
    for key, x in f["implicit"].items():
        src, tgt, service = x["pair"]
        w(
            f"| {key} | `{src}` -> `{tgt}` | {service} | {len(x['ids'])} (`{x['ids'][0]}` .. "
            f"`{x['ids'][-1]}`) | {x['first'].isoformat()} | {x['years']:.1f} | "
            f"{', '.join(map(str, x['gaps']))} | {pct(x['share'])} ({eur(x['value'])} of "
            f"{eur(x['total'])}) | {'; '.join(x['contacts'])} |"
        )
    i1, i2, n1 = (f["implicit"][k] for k in ("IMP-1", "IMP-2", "NEAR-1"))
    w("")
    w(
        f"- **IMP-1**: {name('ZG-EIK')} has bought recruitment from {name('REC-ZORG')} through "
        f"{i1['n_to_date']} successive one-year `contract`s since {i1['first'].isoformat()} "
        f"({i1['years']:.1f} years by as_of), each starting the day after the previous ended. "
        f"REC-ZORG holds {pct(i1['share'])} of ZG-EIK's live recruitment spend (suppliers: "
        f"{ids(i1['suppliers'])}), recruitment is in ZG-EIK's needs, and one purchaser "
        f"({'; '.join(i1['contacts'])}) is the only contact on every contract. The pair has no "
        "other agreement: no partnership, no covenant, no evaluation. Meant to be classified "
        "`implicit`."
    )
    w(
        f"- **IMP-2**: {name('SB-PRIMA')} has ordered its teacher recruitment from "
        f"{name('REC-KLAS')} school year after school year: {i2['n_to_date']} `purchase`s since "
        f"{i2['first'].isoformat()} without a gap, all `exclusive=true`, "
        f"{pct(i2['share'])} of its recruitment spend (REC-KLAS is its only recruiter, so this "
        f"is also a single-source need), one contact ({'; '.join(i2['contacts'])}). The "
        f"2026-2027 order {ids(i2['planned'])} is already `planned`. No other agreement "
        "between the two. Meant to be `implicit`."
    )
    w(
        f"- **NEAR-1** (the contrast, meant *not* to be implicit): {name('ZKH-BMC')} also buys "
        f"recruitment from REC-ZORG, since {n1['first'].isoformat()}, but through "
        f"{len(n1['ids'])} contracts with gaps of {' and '.join(map(str, n1['gaps']))} days, "
        f"{len(n1['contacts'])} different contact persons and a minority share "
        f"({pct(n1['share'])} of the hospital's live recruitment spend). The pair also shares "
        + ", ".join(
            f"`{i}` ({by_id[i].type}, {by_id[i].service})" for i in n1["other_pair_agreements"]
        )
        + ". Long-running, but neither dependent nor carried by one person.\n"
    )
    bc = f["background_chains"]
    w(
        f"Background renewals: of the {bc['pairs']} background buyer-supplier-service "
        f"combinations in market agreements, {bc['renewed']} were renewed once (the longest "
        f"background chain has {bc['longest']} agreements), each carried by at least "
        f"{bc['min_contacts_renewed']} different people: ordinary renewals, not designed as "
        "implicit ties.\n"
    )

    # 2 plain market
    w("### 2. Plain market ties\n")
    out += plain_market_lines(by_id, ("PLAIN-1", "PLAIN-2", "PLAIN-3"))
    w(
        "\nMost background contracts with companies (ICT, payroll, cleaning, occupational "
        "health, catering, leases) are plain market ties too.\n"
    )

    # 3 clusters
    w("### 3. Alliance clusters, leads and bridges\n")
    w(
        "Three clusters were designed through dense hybrid ties. The lead leads the cluster's "
        "multi-party agreement and has the most hybrid partners inside the cluster (live "
        "hybrid agreements; runner-up in brackets). Community detection should recover the "
        "clusters roughly; organisations on the edges may land elsewhere.\n"
    )
    multi_of = {
        "care_recruitment": "`COV-ZORG` Convenant Arbeidsmarkt Zorg en Welzijn (and `JV-FLEX`, "
        "lead ZKH-BMC)",
        "education_recruitment": "`CONS-ONDW` Onderwijsregio Brakenveld (and `SS-INVAL`)",
        "work_income": "`JV-WSP` (lead GEM-BRA, the centrumgemeente) and the WSP's covenants",
    }
    out += cluster_lines(orgs, CLUSTERS, f, multi_of)
    w(
        cohesion_text(f)
        + ". The many-party platform links almost everyone (see 4), so an analysis that does "
        "not weigh multi-party agreements down will see one blob.\n"
    )
    w("Organisations meant to bridge (broker between) the clusters, in no cluster themselves "
      "unless listed above:\n")  # fmt: skip
    for oid, what in BRIDGES.items():
        reach = f["bridge_reach"][oid]
        w(f"- {name(oid)}: {what} (live hybrid partners in {len(reach)} clusters).")
    w(f"\nNot in any designed cluster: {ids(f['unclustered'])}.\n")

    # 4 platform and multi-party
    plat = by_id[PLATFORM]
    fund, after = f["platform_funding"], f["platform_funding_after"]
    n_pairs, n_tied = f["platform_member_pairs"]
    w("### 4. The many-party platform and the other multi-party agreements\n")
    w(
        f"- `{PLATFORM}` *{plat.title}*: `joint_recruitment` with {len(plat.roles)} parties in "
        f"`parties.csv`, lead {name('PLAT-BW')} (lead-organisation governance), governance "
        f"`{plat.governance}`, shared goals {', '.join(plat.shared_goals)}, evaluation "
        f"{iso(plat.evaluation_date)}, since {iso(plat.start)}, budget {eur(plat.value or 0)} a "
        f"year. Parties by type: {counted(f['platform_types'])}. It spans all three clusters. "
        f"Of the {n_pairs} pairs of members, {n_tied} ({pct(n_tied / n_pairs)}) also have "
        "another live agreement with each other: the platform sits on top of real "
        "collaboration rather than replacing it."
    )
    w(
        f"- Its funding is fragile: live grants and subsidies to PLAT-BW total "
        f"{eur(sum(fund.values()))} a year ({ids(sorted(fund))}); when `EXP-PLAT-RAP` ends on "
        f"2026-09-30 without successor, {eur(sum(after.values()))} remains "
        f"({pct(sum(after.values()) / sum(fund.values()))}). Its vacancy site runs on one ICT "
        "supplier (`PLAT-ICT`, single source SS-3)."
    )
    w("\nAll multi-party agreements:\n")
    w("| id | type | parties | lead | title |\n| --- | --- | ---: | --- | --- |")
    for aid, typ, n, lead in f["multi_party"]:
        w(f"| `{aid}` | {typ} | {n} | {f'`{lead}`' if lead else '-'} | {by_id[aid].title} |")
    fund_roles = by_id["FUND-REG"].roles
    funders = [o for o, r in fund_roles if r == "funder"]
    w(
        f"\n`FUND-REG` has {len(funders)} funders ({ids(funders)}) and "
        f"{len(fund_roles) - len(funders)} recipients: the regional labour-market fund for "
        "retraining career switchers into care, education and childcare. `COV-ZORG` is the "
        "covenant on the care labour market; `JV-FLEX` the shared flexpool of care staff (a "
        "`joint_venture` with governance `legal_entity`); `SS-INVAL` the shared "
        "substitute-teacher pool of the three primary-school boards.\n"
    )
    w("Secondments between care employers and schools (type `secondment`):\n")
    for a in agreements:
        if a.type == "secondment" and a.id.startswith("SEC-"):
            w(f"- `{a.id}`: `{a.source}` -> `{a.target}`, {a.service}, '{a.title}', "
              f"{iso(a.start)} to {iso(a.end) or 'open-ended'}.")  # fmt: skip
    w("")

    # 5 structure
    w("### 5. Single points of failure\n")
    cuts = f["cut_vertices"]
    w(
        f"- {name('WSP-BRA')} is an articulation point of the graph of live agreements: "
        f"removing it cuts off {ids(cuts['WSP-BRA'])}, the small employers of Elzenmolen and "
        "their business club, whose only tie to the rest of the region is the WSP (wage "
        "subsidies, a covenant; they are tied to each other by `NET-ELZ`). All those ties are "
        f"carried by one person (see 8). The WSP has {f['wsp_live_partners']} live partners in "
        "all."
    )
    w(
        f"- {name('REC-INT')} is the other articulation point: its language school "
        f"{name('TAAL-INT')} has no other client (`INT-TAAL`)."
    )
    w(connected_line(orgs, f))

    # 6 single source
    w("### 6. Single-source needs\n")
    w("Every buyer need with exactly one live market supplier (all designed):\n")
    w("| buyer | need | only supplier | designed as |\n| --- | --- | --- | --- |")
    for buyer, service, supplier in f["single_source"]:
        w(f"| `{buyer}` | {service} | `{supplier}` | {SINGLE_SOURCE[(buyer, service)][1]} |")
    w(
        f"\n`REC-KLAS` supplies recruitment or substitute teachers to {len(f['klas_boards'])} of "
        f"the {len(DENOMINATION)} school boards: a regional dependency on one small agency "
        f"({orgs['REC-KLAS'].size} FTE) that no single board sees. Needs that no market "
        "agreement serves at all (they are met through covenants, if at all): "
        + ", ".join(f"`{o}` {n}" for o, n in f["needs_without_market_supplier"])
        + ".\n"
    )

    # 7 concentration
    w("### 7. Supplier concentration (HHI of live spend per buyer and need)\n")
    w(
        "Buyer-need pairs with two or more live suppliers (another "
        f"{f['hhi_other']} buyer-service pairs outside the buyers' needs are left out):\n"
    )
    w("| buyer | need | suppliers | HHI | largest share |\n| --- | --- | ---: | ---: | --- |")
    out += hhi_rows(f["hhi"])
    w("")

    # 8 key persons
    w("### 8. Key persons\n")
    w(
        "Names in `contacts` of four or more agreements; each is the sole contact on all of "
        f"them. Every other person appears on at most {f['max_background_uses']} agreements.\n"
    )
    w("| person | agreements | live | planned | partners |\n| --- | --- | ---: | ---: | --- |")
    for p, x in f["key_persons"].items():
        w(
            f"| {p} | {ids(x['ids'])} | {len(x['live'])} | {len(x['planned'])} | "
            f"{len(x['partners'])} organisations |"
        )
    w(
        f"\n{KP_WSP} (KP-WSP) is the WSP account manager who alone carries every tie with the "
        "Elzenmolen employers plus the WSP's partnership with the sheltered-work company and "
        f"one job-agreement covenant. {KP_EIK} (IMP-1) and {KP_PRIMA} (IMP-2) are the single "
        "contacts of the implicit ties; most of their agreements have ended, so an analysis "
        "that only counts live agreements sees one or two each.\n"
    )

    # 9 expiring
    w("### 9. Agreements expiring after as_of\n")
    out += expiring_lines(
        f, by_id, AS_OF, HORIZON_DAYS, lambda succ: f"`{succ}` ({by_id[succ].status})"
    )
    later = [e for e in f["expiring_12m"] if e not in f["expiring_6m"]]
    w(
        "\nBetween six and twelve months: "
        + "; ".join(
            f"`{i}` ends {e.isoformat()}, successor {f'`{s}`' if s else 'none on record'}"
            for i, e, s in later
        )
        + " (the latest annual IMP-1 contract: the renewal is usually signed in December, so "
        "the tie is not even secured). No background agreement ends within twelve months; the "
        f"next end date after that is {f['next_end_after_12m'].isoformat()}.\n"
    )

    # 10 under-organised
    w("### 10. Under-organised alliances\n")
    out += under_organised_lines(f, by_id)
    w(
        "\n`COV-ZORG` matters most: the region's covenant on the care labour market has "
        f"{len(by_id['COV-ZORG'].members())} parties and a steering group but no date on which "
        "anyone checks whether it works.\n"
    )

    # 11 mergers
    x, y = MERGER_PAIR
    m = f["merger"]
    ox, oy = orgs[x], orgs[y]
    w("### 11. The proposed merger, hierarchy and other status\n")
    w(
        f"- **Proposed merger** `MRG-KLIM-SERV` (`merger`, status `proposed`, from "
        f"{iso(by_id['MRG-KLIM-SERV'].start)}): {name(x)} ({ox.denomination}, {ox.region}, "
        f"{ox.size} FTE) and {name(y)} ({oy.denomination}, {oy.region}, {oy.size} FTE), two "
        f"small primary-school boards. Capability overlap {m['cap_jaccard']:.2f} (both are "
        f"primary schools), {len(m['shared_partners'])} shared partners (partner overlap "
        f"{m['partner_jaccard']:.2f}), common suppliers {ids(m['common_suppliers'])}. The "
        "synergy they name is recruitment and substitutes, and they already have it without "
        "merging: besides the merger itself, the agreements between them are "
        + ", ".join(f"`{i}` ({by_id[i].type})" for i in m["between"] if by_id[i].type != "merger")
        + f", and both are in `CONS-ONDW` and `{PLATFORM}`. Different denominations and "
        "municipalities keep distinct identities. Designed so that a merger-or-alliance "
        "rule should recommend `alliance` (a `shared_service` or `joint_recruitment` for "
        "recruitment and the substitute pool), not integration."
    )
    w(
        "- **Declared hierarchy**: `OWN-BRA-WSP` (`ownership`: the werkgeversservicepunt is "
        "organisationally part of the centrumgemeente GEM-BRA)."
    )
    for a in agreements:
        if a.status == "planned":
            w(f"- **Planned** `{a.id}`: {a.type} {ids(a.members())}, starts {iso(a.start)} "
              f"('{a.title}').")  # fmt: skip
    w(
        f"- **Ended**: {statuses['ended']} agreements, among them `END-VAART-INT` (recruitment "
        "abroad stopped after disappointing results, no successor), the earlier links of the "
        "IMP and NEAR chains and earlier-period background contracts, each followed by a "
        "successor that starts the next day.\n"
    )

    # 12 lessons
    fund_total = sum(fund.values())
    w("## What a planner can learn from it\n")
    w(
        "- **The most strategic recruitment ties are not managed as collaboration.** ZG-EIK's "
        f"recruitment ({pct(i1['share'])} with one agency, {i1['years']:.1f} years) and "
        f"SB-PRIMA's ({pct(i2['share'])}, {i2['years']:.1f} years) are renewed by one person "
        "each, without goals, governance or evaluation. A planner can ask whether they should "
        "become partnerships, or be opened up, before the next renewal."
    )
    w(
        "- **Care and education recruit from the same people but organise separately.** Two "
        "clusters with their own leads (WGV-ZW, SB-PRIMA) meet only through the platform, the "
        "ROC, the hogeschool and a handful of secondments; strengthening those bridges is "
        "cheaper than a new structure."
    )
    w(
        f"- **A many-party platform is only as strong as its funding and its evaluation.** "
        f"JR-WERKT has {len(plat.roles)} parties, but {pct(1 - sum(after.values()) / fund_total)}"
        " of its funding ends on 2026-09-30 without a successor."
    )
    w(
        "- **Small employers depend on one door and one person.** The Elzenmolen employers "
        f"reach the region only through the WSP, and there only through {KP_WSP}."
    )
    w(
        f"- **Education depends on one agency.** REC-KLAS serves {len(f['klas_boards'])} of "
        f"{len(DENOMINATION)} school boards and is the only supplier of "
        f"{len(f['klas_only'])} of their needs; the boards could buy jointly through CONS-ONDW."
    )
    w(
        "- **Merger is not the only route to scale.** The two small boards that want to merge "
        "already share what the merger is meant to bring."
    )
    w(
        "- **Under-organisation hides in big agreements.** The care covenant has many parties "
        f"and no evaluation date; {len(f['under_organised']) - 1} smaller alliances lack goals "
        "or governance.\n"
    )
    out += LICENCE
    return "\n".join(out)


def main() -> None:
    """Build, check, and write the files and the README."""
    orgs, agreements = build()
    facts = compute_facts(orgs, agreements)
    check_design(orgs, agreements, facts)
    readme = render_readme(orgs, agreements, facts)
    write_dataset(HERE, orgs, agreements, ORG_COLUMNS + EXTRA_ORG_COLUMNS, META, readme)


if __name__ == "__main__":
    main()
