"""Build the fictional example ecosystem "Zorgregio Lindeweerd" (netorg's bundled ``zorgregio``).

Every organisation, person and agreement here is invented; any resemblance to a real one is
accidental. The files next to this script are its output and must not be edited by hand:

* ``organisations.csv``, ``agreements.csv``, ``parties.csv``: the ecosystem in netorg's input
  format (CONTRACT.md section 1),
* ``dataset.json``: name, title, reference date (``as_of``) and licence,
* ``README.md``: what the data is and, with figures computed from the data by this script,
  which features were deliberately built into it so that analyses can be checked against it.

Run ``.venv/bin/python datasets/zorgregio/build.py``. It needs the standard library,
:mod:`netorg.vocabulary` (the agreement and organisation words) and ``datasets/_build_common.py``
(the records, builder, figures, checks and output this dataset shares with the other generated
one). The output is the same byte for byte on every run: the background agreements come from a
seeded random generator, and the designed features (implicit ties, key persons, single points
of failure, ...) are written out explicitly below. ``check_design()`` fails the build when a
background agreement accidentally spoils a designed feature, so the data can be extended safely.

Layout of this file:

1. constants and the organisation table (``ORGANISATIONS``, ``PROFILES``, ``EXTRA_TAGS``),
2. the designed features (``add_designed``),
3. the background: municipal purchasing (``PURCHASES``), company contracts, insurer contracts,
   referrals and the hybrid ties inside each alliance cluster,
4. checks, facts for the README, and writing the files.
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from netorg.vocabulary import HIERARCHY, HYBRID, MARKET, STATUSES, form_of

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
    iso,
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
AS_OF = date(2026, 6, 30)  # the reference date every "live" or "expiring" statement refers to
SEED = 20260630
HORIZON_DAYS = 180  # "expiring soon" in the README: ends within ~6 months after AS_OF
MAX_BACKGROUND_CONTACT_USES = 3  # background people carry at most 3 agreements

REGIONS = {
    "N": "Lindeweerd-Noord",
    "M": "Lindeweerd-Midden",
    "Z": "Lindeweerd-Zuid",
    "R": "Zorgregio Lindeweerd",  # works region-wide
    "X": "buiten de regio",  # based outside the care region
}

# --------------------------------------------------------------------------------------------
# 1. Organisations
# --------------------------------------------------------------------------------------------


# Defaults per kind of organisation: "key: type, sector, SBI code" and its tag lists.
# A municipality's needs are the services it buys, derived from the agreements in build().
PROFILE_TABLE = """
gemeente: municipality, public_administration, 84.11
    capabilities: funding;youth_assessment;wmo_assessment
    goals: prevention;independent_living;healthy_youth;financial_resilience;cost_control
ggd: government_agency, public_health, 86.90
    capabilities: public_health;youth_health_care;infection_control
    goals: prevention;healthy_youth
werkbedrijf: government_agency, labour_market, 78.10
    capabilities: labour_market_services;job_coaching;sheltered_work
    needs: employment
    goals: labour_participation
leerplicht: government_agency, education, 84.12
    capabilities: school_attendance
    goals: healthy_youth;school_attendance
kredietbank: government_agency, debt_relief, 64.92
    capabilities: debt_counselling;debt_restructuring;financial_administration
    goals: financial_resilience
meldpunt: government_agency, safety, 88.99
    capabilities: domestic_violence_services;child_protection
    goals: safety;healthy_youth
ziekenhuis: hospital, care, 86.10
    capabilities: hospital_care;emergency_care;geriatrics
    needs: nursing;elderly_care;rehabilitation
    goals: quality_of_care;right_care_right_place;staff_retention
revalidatie: care_provider, care, 86.10
    capabilities: rehabilitation;physiotherapy
    needs: nursing
    goals: quality_of_care;independent_living
ambulance: care_provider, care, 86.90
    capabilities: ambulance_care;emergency_care
    goals: quality_of_care
hap: care_provider, primary_care, 86.21
    capabilities: out_of_hours_care
    needs: emergency_care
    goals: right_care_right_place
zorggroep_ehl: care_provider, primary_care, 86.21
    capabilities: chronic_care;care_coordination
    needs: gp_care
    goals: right_care_right_place;quality_of_care
jeugd: care_provider, youth, 88.99
    capabilities: youth_care
    needs: recruitment
    goals: healthy_youth;quality_of_care;staff_retention
jeugd_ggz: care_provider, youth, 86.90
    capabilities: youth_mental_health;youth_care
    needs: recruitment
    goals: healthy_youth;quality_of_care
jongerenwerk: ngo, youth, 88.99
    capabilities: youth_work
    goals: healthy_youth;prevention;social_cohesion
ggz: care_provider, mental_health, 86.90
    capabilities: mental_health;crisis_care;supported_living_care;wmo_support
    needs: recruitment
    goals: quality_of_care;right_care_right_place;staff_retention
ggz_basis: care_provider, mental_health, 86.90
    capabilities: mental_health
    goals: quality_of_care;right_care_right_place
verslaving: care_provider, mental_health, 86.90
    capabilities: addiction_care;mental_health
    goals: quality_of_care;safety
zorggroep: care_provider, elderly_care, 87.10
    capabilities: elderly_care;nursing;daytime_activities;wmo_support;home_care
    needs: ict;recruitment;facility_services
    goals: independent_living;quality_of_care;staff_retention;financial_sustainability
thuiszorg: care_provider, home_care, 88.10
    capabilities: home_care;nursing;personal_care;wmo_support
    needs: recruitment
    goals: independent_living;quality_of_care;staff_retention
huishoudelijk: care_provider, home_care, 88.10
    capabilities: home_care
    needs: recruitment
    goals: independent_living;staff_retention
verpleeghuis: care_provider, elderly_care, 87.10
    capabilities: elderly_care;nursing;daytime_activities
    needs: recruitment
    goals: quality_of_care;staff_retention
ghz: care_provider, disability_care, 87.20
    capabilities: disability_care;wmo_support;daytime_activities;supported_living_care
    needs: recruitment
    goals: independent_living;quality_of_care;labour_participation
dagbesteding: care_provider, care, 88.10
    capabilities: daytime_activities
    needs: volunteer_support
    goals: social_cohesion;independent_living
hospice: care_provider, care, 87.10
    capabilities: palliative_care
    needs: volunteer_support
    goals: quality_of_care
opvang: care_provider, shelter, 87.90
    capabilities: shelter;supported_living_care
    needs: housing;addiction_care
    goals: safety;affordable_housing
huisarts: care_provider, primary_care, 86.21
    capabilities: gp_care
    needs: mental_health;nursing
    goals: right_care_right_place;quality_of_care
fysio: care_provider, primary_care, 86.91
    capabilities: physiotherapy
    goals: independent_living;quality_of_care
ergo: care_provider, primary_care, 86.91
    capabilities: occupational_therapy
    goals: independent_living
apotheek: company, pharmacy, 47.73
    capabilities: pharmacy;medication_review
    goals: quality_of_care
welzijn: ngo, welfare, 88.99
    capabilities: social_work;community_work;volunteer_support
    goals: prevention;social_cohesion;financial_resilience
clientondersteuning: ngo, welfare, 88.99
    capabilities: client_support;social_work
    goals: independent_living;prevention
vrijwilligers: ngo, welfare, 94.99
    goals: social_cohesion;prevention
schuldhulp: ngo, debt_relief, 88.99
    capabilities: debt_counselling;budget_coaching
    goals: financial_resilience;prevention
schuldhulp_bv: company, debt_relief, 69.10
    capabilities: debt_counselling;financial_administration
    goals: financial_resilience
corporatie: housing_corporation, housing, 68.20
    capabilities: housing;supported_housing;property_management
    needs: social_work;debt_counselling
    goals: affordable_housing;liveable_neighbourhoods;sustainability
roc: school, education, 85.32
    capabilities: vocational_training;education
    needs: work_placements
    goals: labour_participation;staff_retention
hogeschool: school, education, 85.41
    capabilities: higher_education;applied_research
    needs: work_placements
    goals: labour_participation;innovation
vo: school, education, 85.31
    capabilities: education
    needs: youth_care
    goals: healthy_youth;school_attendance
po: school, education, 85.20
    capabilities: education
    needs: youth_care
    goals: healthy_youth;school_attendance
so: school, education, 85.20
    capabilities: special_education;education
    needs: youth_care
    goals: healthy_youth;school_attendance
swv: other, education, 85.60
    capabilities: education_support
    needs: youth_care
    goals: healthy_youth;school_attendance
platform: other, labour_market, 94.11
    capabilities: recruitment;labour_market_services
    needs: vocational_training
    goals: staff_retention;labour_participation
uitzend: recruitment_agency, labour_market, 78.20
    capabilities: recruitment;staffing
    goals: growth;labour_participation
werkgever: employer, industry, -
    capabilities: employment;work_placements
    needs: recruitment;vocational_training
    goals: growth;labour_participation
ict: company, ict, 62.01
    capabilities: ict;it_support
    goals: growth
zorgsoftware: company, ict, 62.01
    capabilities: ict;care_software
    goals: growth;innovation
schoonmaak: company, facility_services, 81.21
    capabilities: cleaning
    goals: growth
vervoer: company, transport, 49.32
    capabilities: wmo_transport;patient_transport
    goals: growth
hulpmiddelen: company, care, 77.29
    capabilities: mobility_aids
    goals: growth
woningaanpassing: company, construction, 43.39
    capabilities: housing_adaptation
facilitair: company, facility_services, 81.10
    capabilities: facility_services;cleaning;catering
advies: company, consultancy, 70.22
    capabilities: consultancy
    goals: growth
accountant: company, finance, 69.20
    capabilities: accounting;payroll
    goals: growth
alarmering: company, care, 80.20
    capabilities: personal_alarm
    goals: growth;innovation
maaltijd: company, care, 56.21
    capabilities: meals
    goals: independent_living
verzekeraar: company, insurance, 65.12
    capabilities: insurance;care_purchasing
    needs: nursing;mental_health
    goals: right_care_right_place;cost_control
adviesraad: other, participation, 94.99
    capabilities: client_perspective
    goals: independent_living
"""


def parse_profiles(text: str) -> dict[str, Profile]:
    """Read PROFILE_TABLE into Profile records."""
    profiles: dict[str, Profile] = {}
    key = ""
    for line in text.strip().splitlines():
        head, _, rest = line.strip().partition(": ")
        if not line.startswith(" "):
            key = head
            typ, sector, sbi = (x.strip() for x in rest.split(","))
            profiles[key] = Profile(typ, sector, "" if sbi == "-" else sbi)
        else:
            old = profiles[key]
            profiles[key] = Profile(**{**old.__dict__, head: rest.strip()})
    return profiles


PROFILES = parse_profiles(PROFILE_TABLE)

# id | name | profile | region (see REGIONS) | size in FTE | annual revenue in euro (if known)
ORGANISATIONS = """
GEM-LIN   | Gemeente Lindeweerd                          | gemeente           | M | 1850 |
GEM-OOS   | Gemeente Oosterhout-aan-Maas                 | gemeente           | M |  610 |
GEM-HOO   | Gemeente Hoogwaarde                          | gemeente           | N |  480 |
GEM-BRE   | Gemeente Breedeveen                          | gemeente           | N |  230 |
GEM-WIE   | Gemeente Wielrode                            | gemeente           | Z |  390 |
GEM-ZAN   | Gemeente Zandrijk                            | gemeente           | Z |  170 |
GEM-HEE   | Gemeente Heerwijck                           | gemeente           | Z |  140 |
GGD-LW    | GGD Zorgregio Lindeweerd                     | ggd                | R |  310 |
WERK-LW   | Werkbedrijf Lindeweerd                       | werkbedrijf        | R |  220 |
RBL-LW    | Regionaal Bureau Leerplicht Lindeweerd       | leerplicht         | R |   28 |
SHV-KRED  | Kredietbank Lindeweerd                       | kredietbank        | M |   48 |
VT-LW     | Meldpunt Huiselijk Geweld Lindeweerd         | meldpunt           | R |   65 |
ZH-GAST   | Gasthuis Lindeweerd                          | ziekenhuis         | M | 2300 | 265000000
REV-HW    | Revalidatiecentrum De Hoge Weerd             | revalidatie        | M |  250 | 24000000
AMB-LW    | Ambulancezorg Lindeweerd                     | ambulance          | R |  180 | 19500000
HAP-LW    | Huisartsenpost Lindeweerd                    | hap                | R |   60 | 7200000
ZGR-HA    | Zorggroep Eerstelijn Lindeweerd              | zorggroep_ehl      | R |   35 | 9800000
JZ-LINDE  | Jeugdzorg De Linde                           | jeugd              | M |  540 | 41000000
JZ-KOMP   | Jeugdhulp Het Kompas                         | jeugd              | N |  220 | 17500000
JZ-THUIS  | Stichting Thuisbasis Jeugd                   | jeugd              | N |   95 | 7400000
JZ-WILG   | Jeugdhulp De Wilgenhof                       | jeugd              | Z |   60 | 5300000
JZ-PLEEG  | Pleegzorg Lindeweerd                         | jeugd              | R |   80 | 9100000
JZ-SPEEL  | Speelruimte Kindertherapie                   | jeugd              | N |   15 | 1200000
JZ-KOERS  | Jeugd & Gezin Koersvast                      | jeugd              | M |   45 | 3600000
JZ-DAG    | Dagbehandeling De Zonnepit                   | jeugd              | Z |   30 | 2700000
JZ-GEZIN  | Gezinshuis Het Nest                          | jeugd              | Z |    8 | 950000
JZ-AUTI   | Autismecentrum De Sprong                     | jeugd              | M |   40 | 3900000
GGZ-JONG  | Jeugd-GGZ Vlinderkracht                      | jeugd_ggz          | M |   20 | 2100000
JZ-JOB    | Jongerenwerk Lindeweerd                      | jongerenwerk       | M |   25 |
GGZ-WEER  | GGZ Weerdzicht                               | ggz                | R |  720 | 68000000
GGZ-PRAT  | Praktijk Zielkracht                          | ggz_basis          | M |   25 | 2600000
GGZ-VERS  | Verslavingszorg Maasoever                    | verslaving         | R |  140 | 13500000
ZG-MAAS   | Zorggroep Maasoever                          | zorggroep          | M | 1400 | 98000000
TZ-MAAS   | Thuiszorg Maasoever                          | thuiszorg          | Z |  380 | 24000000
TZ-HOEK   | Thuiszorg De Hoeksteen                       | thuiszorg          | Z |   48 | 3400000
TZ-KLAV   | Wijkzorg Het Klaverblad                      | thuiszorg          | Z |   85 | 5900000
TZ-STAD   | Stadszorg Lindeweerd                         | thuiszorg          | M |  260 | 17800000
TZ-HULP   | Netjes Thuis Huishoudelijke Hulp             | huishoudelijk      | R |  120 | 5600000
TZ-NOORD  | Thuiszorg Noorderweerd                       | thuiszorg          | N |  140 | 9600000
TZ-ZZP    | Zorgcoöperatie Samen Zorgen                  | thuiszorg          | M |   30 | 2300000
TZ-WIJK   | Wijkverpleging Lindeweerd-Oost               | thuiszorg          | M |   55 | 4200000
VH-EIK    | Verpleeghuis De Eikenhof                     | verpleeghuis       | Z |  310 | 22000000
VH-BERK   | Woonzorgcentrum De Berkenhof                 | verpleeghuis       | N |  180 | 13000000
GHZ-REIG  | Stichting De Reiger Gehandicaptenzorg        | ghz                | R |  450 | 33000000
DB-BOOM   | Dagbesteding De Boomgaard                    | dagbesteding       | Z |   18 |
HOS-BAKEN | Hospice Het Baken                            | hospice            | M |   12 |
MO-ONDER  | Stichting Onderdak Lindeweerd                | opvang             | M |  150 | 11000000
MO-HAVEN  | Nachtopvang De Haven                         | opvang             | M |   25 |
HA-CENT   | Huisartsenpraktijk Centrum Lindeweerd        | huisarts           | M |   14 |
HA-WEST   | Huisartsenpraktijk Lindeweerd-West           | huisarts           | M |   11 |
HA-OOST   | Gezondheidscentrum Lindeweerd-Oost           | huisarts           | M |   22 |
HA-OOS    | Huisartsen Oosterhout-aan-Maas               | huisarts           | M |   12 |
HA-HOO    | Gezondheidscentrum Hoogwaarde                | huisarts           | N |   18 |
HA-BRE    | Huisartsenpraktijk Breedeveen                | huisarts           | N |    7 |
HA-KERK   | Huisartsenpraktijk Kerkdijk                  | huisarts           | N |    6 |
HA-WIE    | Huisartsengroep Wielrode                     | huisarts           | Z |   13 |
HA-ZAN    | Huisartsenpraktijk Zandrijk                  | huisarts           | Z |    6 |
HA-HEE    | Huisartsenpraktijk Heerwijck                 | huisarts           | Z |    5 |
FYS-BEW   | Fysiotherapie Beweegpunt                     | fysio              | M |   14 |
ERGO-Z    | Ergotherapie Praktijk Zuid                   | ergo               | Z |    6 |
APO-VIJZ  | Apotheek De Vijzel                           | apotheek           | M |   12 |
APO-HOO   | Apotheek Hoogwaarde                          | apotheek           | N |    9 |
SW-LIN    | Welzijn Lindeweerd                           | welzijn            | M |   95 |
SW-NOORD  | Welzijnsstichting Noorderkwartier            | welzijn            | N |   70 |
SW-ZUID   | Stichting Welzijn Zuidweerd                  | welzijn            | Z |   55 |
SW-HEE    | Welzijn Heerwijck                            | welzijn            | Z |   22 |
CO-LW     | Cliëntondersteuning Lindeweerd               | clientondersteuning| R |   40 |
NGO-MANT  | Steunpunt Mantelzorg Heerwijck               | vrijwilligers      | Z |    6 |
NGO-VRIJ  | Vrijwilligerscentrale Heerwijck              | vrijwilligers      | Z |    4 |
NGO-DORP  | Dorpshuis De Kastanje                        | vrijwilligers      | Z |    3 |
NGO-VOED  | Voedselbank Lindeweerd                       | vrijwilligers      | R |    5 |
NGO-NIEUW | Stichting Nieuwkomers Lindeweerd             | vrijwilligers      | M |   30 |
NGO-SPORT | Sportservice Breedeveen                      | vrijwilligers      | N |   12 |
NGO-TAAL  | Taalhuis Lindeweerd                          | vrijwilligers      | M |    6 |
NGO-BUURT | Buurtbemiddeling Lindeweerd                  | vrijwilligers      | M |    8 |
NGO-KANS  | Stichting Kansrijk Kind                      | vrijwilligers      | R |    5 |
NGO-OUD   | Stichting Ouderenwerk Zuid                   | vrijwilligers      | Z |   25 |
NGO-GELDH | Stichting Geldhelden                         | schuldhulp         | R |    4 |
CLR-SD    | Adviesraad Sociaal Domein Lindeweerd         | adviesraad         | M |    1 |
SHV-GELD  | Stichting Geldzorg Maasoever                 | schuldhulp         | Z |   35 | 2600000
SHV-ORDE  | Schuldhulp Op Orde B.V.                      | schuldhulp_bv      | N |   20 | 1700000
SHV-BEW   | Bewindvoering Van Rijn & Partners            | schuldhulp_bv      | M |   12 | 1100000
WON-ANKER | Woonstichting Het Anker                      | corporatie         | M |  210 | 61000000
WON-STAD  | Stadswonen Lindeweerd                        | corporatie         | M |  260 | 78000000
WON-NOORD | Woonpartners Noord                           | corporatie         | N |  130 | 38000000
WON-KADE  | Wooncorporatie De Kade                       | corporatie         | Z |   45 | 12500000
WON-VELD  | Woningstichting Veldzicht                    | corporatie         | Z |   60 | 16000000
SCH-ROC   | ROC Lindeweerd College                       | roc                | R |  900 |
SCH-HOG   | Hogeschool Lindeweerd                        | hogeschool         | M | 1200 |
SCH-LYC   | Weerdlyceum                                  | vo                 | M |  180 |
SCH-VMBO  | Vakcollege Wielrode                          | vo                 | Z |  120 |
SCH-PO    | Stichting Primair Onderwijs De Meent         | po                 | R |  420 |
SCH-SO    | Speciaal Onderwijs De Wissel                 | so                 | M |  110 |
SWV-PO    | Samenwerkingsverband Passend Onderwijs       | swv                | R |   18 |
REG-ZW    | Stichting ZorgWerkt Lindeweerd               | platform           | R |   12 |
REC-ZORG  | ZorgTalent Uitzendbureau                     | uitzend            | R |   40 | 9500000
REC-FLEX  | FlexWerk Maasoever                           | uitzend            | Z |   25 | 6100000
EMP-LOG   | Logistiek Centrum Maasoever B.V.             | werkgever          | Z |  600 |
EMP-MET   | Metaalbewerking Wielrode B.V.                | werkgever          | Z |  140 |
EMP-GROEN | Groenbedrijf De Hoven                        | werkgever          | N |   60 |
EMP-SUPER | Supermarktgroep Verbeek                      | werkgever          | M |  350 |
EMP-HOTEL | Hotel & Congrescentrum De Maaspoort          | werkgever          | M |   80 |
EMP-BOUW  | Bouwbedrijf Hendriks & Zn.                   | werkgever          | N |  210 |
COM-DATA  | Datavorm ICT B.V.                            | ict                | M |   85 | 12000000
COM-ZSOFT | Zorgsoft Nederland B.V.                      | zorgsoftware       | X |  140 | 21000000
COM-SCHOON| Schoonmaakbedrijf Van Gelder                 | schoonmaak         | M |  300 | 14000000
COM-VERV  | Regiotaxi Lindeweerd B.V.                    | vervoer            | R |  150 | 11500000
COM-HULPM | Hulpmiddelencentrum Zuid B.V.                | hulpmiddelen       | Z |   70 | 9000000
COM-WAANP | Woningaanpassing Totaal B.V.                 | woningaanpassing   | N |   35 | 4800000
COM-FAC   | Maasoever Facilitair B.V.                    | facilitair         | M |   90 | 6500000
COM-ADV   | Bureau Kwadrant Advies                       | advies             | X |   25 |
COM-ACC   | Accountantskantoor Van der Berg & Co         | accountant         | M |   40 |
COM-ALARM | Personenalarmering Waakzaam B.V.             | alarmering         | X |   45 |
COM-MAAL  | Maaltijdservice Aan Tafel                    | maaltijd           | Z |   30 |
ZVK-WEER  | Zorgverzekeraar Weerdland                    | verzekeraar        | X |  900 |
"""

EMPLOYER_SBI = {
    "EMP-LOG": ("52.10", "logistics"),
    "EMP-MET": ("25.62", "manufacturing"),
    "EMP-GROEN": ("81.30", "landscaping"),
    "EMP-SUPER": ("47.11", "retail"),
    "EMP-HOTEL": ("55.10", "hospitality"),
    "EMP-BOUW": ("41.20", "construction"),
}

# Tags added to an organisation's profile: id -> (capabilities, needs, goals).
EXTRA_TAGS: dict[str, tuple[str, str, str]] = {
    "GEM-LIN": ("", "wmo_transport", "labour_participation;affordable_housing"),
    "GEM-OOS": ("", "", "affordable_housing"),
    "GEM-WIE": ("", "", "affordable_housing"),
    "GGZ-WEER": ("youth_mental_health;youth_care", "supported_housing", "affordable_housing"),
    "GGZ-JONG": ("", "", "prevention"),
    "WON-ANKER": ("", "mental_health", "independent_living"),
    "JZ-PLEEG": ("foster_care", "", ""),
    "JZ-GEZIN": ("foster_care;family_home", "", ""),
    "JZ-AUTI": ("autism_care", "", ""),
    "JZ-DAG": ("daytime_treatment", "", ""),
    "JZ-KOMP": ("crisis_care", "", ""),
    "JZ-LINDE": ("crisis_care;youth_mental_health", "", "prevention"),
    "TZ-HOEK": ("", "back_office;ict", ""),
    "TZ-KLAV": ("", "back_office;ict", ""),
    "TZ-WIJK": ("", "", "right_care_right_place"),
    "NGO-MANT": ("informal_care_support", "volunteer_support", ""),
    "NGO-VRIJ": ("volunteer_support", "", ""),
    "NGO-DORP": ("community_space", "", ""),
    "NGO-VOED": ("food_aid", "", "financial_resilience"),
    "NGO-NIEUW": ("integration_support", "language_training", "labour_participation"),
    "NGO-SPORT": ("sport_exercise", "", "healthy_youth"),
    "NGO-TAAL": ("language_training", "", "labour_participation"),
    "NGO-BUURT": ("neighbourhood_mediation", "", "liveable_neighbourhoods"),
    "NGO-KANS": ("child_poverty", "", "healthy_youth;financial_resilience"),
    "NGO-OUD": ("informal_care_support;community_work", "", "independent_living"),
    "NGO-GELDH": ("", "", ""),
    "SHV-BEW": ("", "", ""),
    "SW-LIN": ("youth_work", "", ""),
    "CO-LW": ("", "", "financial_resilience"),
    "MO-ONDER": ("", "", "independent_living"),
    "ZVK-WEER": ("", "", "prevention"),
    "SCH-HOG": ("", "", "digital_care"),
    "COM-ZSOFT": ("", "", "digital_care"),
    "COM-ALARM": ("", "", "digital_care"),
    "WON-NOORD": ("", "", "digital_care"),
    "REV-HW": ("", "", "digital_care"),
}


# --------------------------------------------------------------------------------------------
# People and the builder that collects agreements
# --------------------------------------------------------------------------------------------


FIRST_NAMES = idlist(
    """
    Anouk Bas Carla Daan Eline Frank Gerda Hans Inge Jeroen Karin Lars Mirjam Niels Olga
    Pieter Renske Sven Tineke Wouter Yvonne Bram Chantal Dirk Esther Fleur Gijs Hanneke Ivo
    Jolanda Koen Lieke Maarten Nadia Otto Petra Rik Saskia Tom Ursula Vera Willem Youssef
    Zeynep Mehmet Fatima Kevin Linda Ruben Sophie Thijs Wendy Arjen Bianca Cor Dewi
    """
)
LAST_NAMES = split_tags(
    """
    de Vries;Jansen;van den Berg;Bakker;Visser;Smit;Meijer;de Boer;Mulder;de Groot;Bos;Vos;
    Peters;Hendriks;van Leeuwen;Dekker;Brouwer;de Wit;Dijkstra;Smits;de Graaf;van der Meer;
    van der Linden;Kok;Jacobs;de Haan;Vermeulen;van den Heuvel;van der Veen;van den Broek;
    de Bruijn;Schouten;van Beek;Willems;van Vliet;van de Ven;Hoekstra;Maas;Verhoeven;Koster;
    Prins;Blom;Huisman;Peeters;Postma;Kuiper;Veenstra;Kramer;van Dam;Wuyts;Yilmaz;Aydin;
    El Idrissi;Bouzid;Tran;Sahin;
    """
)

# The four designed key persons (each the sole contact on every agreement they carry).
KP_OOS = "Marieke van Dijk"  # GEM-OOS contract manager youth care (implicit tie IMP-1)
KP_LIN = "Henk Bosman"  # GEM-LIN contract manager Wmo transport (implicit tie IMP-2)
KP_HOO = "Joost Hermans"  # GEM-HOO contract manager for the therapy practice (IMP-3)
KP_SW = "Sanne Kuipers"  # SW-LIN coordinator early signalling of debts (key person KP-SW)
DESIGNED_PEOPLE = {KP_OOS, KP_LIN, KP_HOO, KP_SW}


class LindeweerdBuilder(Builder):
    """The shared builder with this region's dates and governance for background hybrid ties."""

    as_of = AS_OF
    first_evaluation = date(2026, 8, 1)
    hybrid_start_years = range(2017, 2026)
    hybrid_start_months = (1, 4, 7, 10)
    hybrid_ends = (None, None, date(2027, 12, 31), date(2028, 12, 31))

    def hybrid_governance(self, typ: str) -> str:
        """Referrals have a contract manager; secondments sometimes a steering group."""
        if typ == "referral":
            return "contract_manager"
        if typ == "secondment":
            return self.rng.choice(("contract_manager", "steering_group"))
        return super().hybrid_governance(typ)


# --------------------------------------------------------------------------------------------
# 2. Designed features (each is described, with ids and computed figures, in README.md)
# --------------------------------------------------------------------------------------------

# The "paper" consortium: declared, but its members share no other agreement with each other.
PAPER_CONSORTIUM = ["SCH-HOG", "COM-ZSOFT", "COM-ALARM", "WON-NOORD", "REV-HW"]
# A village network in Heerwijck that reaches the rest of the region only through SW-HEE.
PERIPHERY = ["NGO-MANT", "NGO-VRIJ", "NGO-DORP", "DB-BOOM"]
CUT_VERTEX = "SW-HEE"
MERGER_CANDIDATE = ("TZ-HOEK", "TZ-KLAV")  # near-substitute home care providers in Zuid
ALLIANCE_CANDIDATE = ("GGZ-WEER", "WON-ANKER")  # complementary, several separate agreements

# The alliance clusters as designed: lead, members, and the organisations meant to bridge them.
CLUSTERS: dict[str, dict[str, list[str]]] = {
    "youth": {
        "lead": ["JZ-LINDE"],
        "members": idlist(
            """
                JZ-KOMP JZ-THUIS JZ-WILG JZ-PLEEG JZ-SPEEL JZ-KOERS JZ-DAG JZ-GEZIN JZ-AUTI GGZ-JONG
                JZ-JOB SWV-PO SCH-PO SCH-LYC SCH-SO SCH-VMBO RBL-LW VT-LW NGO-KANS
            """
        ),
        "goals": ["healthy_youth", "prevention"],
    },
    "elderly_home_care": {
        "lead": ["ZG-MAAS"],
        "members": idlist(
            """
                ZH-GAST TZ-MAAS TZ-STAD TZ-NOORD TZ-HOEK TZ-KLAV TZ-WIJK TZ-ZZP VH-EIK VH-BERK
                REV-HW HOS-BAKEN ZGR-HA HAP-LW AMB-LW FYS-BEW ERGO-Z APO-VIJZ APO-HOO NGO-OUD
            """
        ),
        "goals": ["independent_living", "right_care_right_place"],
    },
    "housing_debt": {
        "lead": ["SW-LIN"],
        "members": idlist(
            """
                WON-ANKER WON-STAD WON-NOORD WON-KADE WON-VELD SHV-KRED SHV-GELD SHV-ORDE SHV-BEW
                NGO-GELDH NGO-VOED NGO-BUURT MO-ONDER MO-HAVEN GGZ-VERS SW-NOORD SW-ZUID CO-LW
            """
        ),
        "goals": ["financial_resilience", "affordable_housing"],
    },
    "labour_education": {
        "lead": ["WERK-LW"],
        "members": idlist(
            """
                SCH-ROC SCH-HOG REG-ZW REC-ZORG REC-FLEX EMP-LOG EMP-MET EMP-GROEN EMP-SUPER
                EMP-HOTEL EMP-BOUW NGO-TAAL NGO-NIEUW
            """
        ),
        "goals": ["labour_participation", "staff_retention"],
    },
}
BRIDGES = {
    "GGD-LW": "youth <-> elderly_home_care (covenants with JZ-LINDE, SCH-PO, VT-LW and ZG-MAAS)",
    "GGZ-WEER": "youth, elderly_home_care and housing_debt (GGZ-JONG, ZH-GAST, WON-ANKER, ...)",
    "JZ-JOB": "youth <-> housing_debt (partnerships with SCH-LYC and SW-LIN)",
    "REG-ZW": "labour_education <-> care clusters (lead of joint recruitment JR-ZORG)",
    "SCH-ROC": "labour_education <-> care clusters (placement covenants with care providers)",
    "EMP-SUPER": "labour_education <-> housing_debt (partnership with NGO-VOED)",
}


def add_designed(b: Builder) -> None:
    """Add every agreement that carries a designed feature (ids are mnemonic)."""
    # IMP-1: implicit supplier-style tie. GEM-OOS has bought youth care from JZ-LINDE since
    # 2017-07-01 through five successive tender awards without a gap, carried by one person,
    # and JZ-LINDE now has about 90% of GEM-OOS's youth care spend (see PURCHASES).
    for i, (period, value) in enumerate(
        [
            ("2017-07-01..2018-12-31", 3_100_000),
            ("2019-01-01..2020-12-31", 3_300_000),
            ("2021-01-01..2022-12-31", 3_500_000),
            ("2023-01-01..2024-12-31", 3_800_000),
            ("2025-01-01..2027-12-31", 4_100_000),
        ],
        1,
    ):
        designed(b, "IMP-1", f"OOS-LINDE-{i}", "tender_award", "GEM-OOS>JZ-LINDE", period,
                 value, "youth_care", f"Jeugdhulp perceel 1, gunning {period[:4]}",
                 contacts=[KP_OOS])  # fmt: skip

    # IMP-2: GEM-LIN has bought Wmo transport from COM-VERV since 2016 (two tenders, two
    # extensions), exclusively, carried by one contract manager; it is the only supplier.
    for i, (typ, period, value) in enumerate(
        [
            ("tender_award", "2016-01-01..2018-12-31", 2_400_000),
            ("contract", "2019-01-01..2021-12-31", 2_600_000),
            ("contract", "2022-01-01..2024-06-30", 2_800_000),
            ("tender_award", "2024-07-01..2028-06-30", 3_100_000),
        ],
        1,
    ):
        title = "Wmo-vervoer" + (" (verlenging)" if typ == "contract" else "")
        designed(b, "IMP-2", f"LIN-VERV-{i}", typ, "GEM-LIN>COM-VERV", period, value,
                 "wmo_transport", title, contacts=[KP_LIN], exclusive=True)  # fmt: skip

    # IMP-3: supplier-side dependency. A 15-FTE therapy practice earns most of its revenue
    # from three successive GEM-HOO contracts; for GEM-HOO it is a minor youth care supplier.
    for i, (period, value) in enumerate(
        [
            ("2020-01-01..2021-12-31", 880_000),
            ("2022-01-01..2023-06-30", 950_000),
            ("2023-07-01..2027-12-31", 1_020_000),
        ],
        1,
    ):
        designed(b, "IMP-3", f"HOO-SPEEL-{i}", "service_contract", "GEM-HOO>JZ-SPEEL", period,
                 value, "youth_care", "Speltherapie en kindertherapie",
                 contacts=[KP_HOO])  # fmt: skip

    # PLAIN-1..3: plain market ties: one agreement, non-core service, two contacts.
    designed(b, "PLAIN", "PLAIN-1", "purchase", "GEM-LIN>COM-ADV", "2026-02-01..2027-12-31",
             48_000, "consultancy", "Advies herinrichting toegang")  # fmt: skip
    designed(b, "PLAIN", "PLAIN-2", "service_contract", "WON-STAD>COM-ACC",
             "2024-01-01..2027-12-31", 62_000, "accounting", "Jaarrekeningcontrole")  # fmt: skip
    designed(b, "PLAIN", "PLAIN-3", "contract", "SCH-ROC>COM-SCHOON", "2025-08-01..2028-07-31",
             410_000, "cleaning", "Schoonmaak onderwijslocaties")  # fmt: skip

    # KP-SW: one coordinator at SW-LIN is the sole contact on five agreements.
    kp = {
        "contacts": [KP_SW],
        "shared_goals": ["financial_resilience", "prevention"],
        "evaluation_date": d("2026-11-15"),
    }
    vsig = idlist("WON-ANKER WON-STAD WON-NOORD WON-KADE WON-VELD SHV-KRED SHV-GELD SHV-ORDE")
    designed(b, "KP-SW", "COV-VSIG", "covenant", "", "2021-03-01..", None, "debt_counselling",
             "Convenant Vroegsignalering Schulden Lindeweerd", governance="steering_group",
             roles=[("SW-LIN", "lead")] + [(o, "member") for o in [*vsig, "NGO-GELDH"]],
             **kp)  # fmt: skip
    for aid, typ, pair, service, start, title in [
        ("SW-GELD-REF", "referral", "SW-LIN>SHV-GELD", "debt_counselling", "2021-06-01",
         "Doorverwijzing schuldhulp"),
        ("SW-STAD-PART", "partnership", "SW-LIN>WON-STAD", "social_work", "2022-01-01",
         "Huurders in beeld"),
        ("SW-VOED-PART", "partnership", "SW-LIN>NGO-VOED", "food_aid", "2022-09-01",
         "Voedselbank en sociaal raadslieden"),
        ("SW-LIN-DET", "secondment", "SW-LIN>GEM-LIN", "social_work", "2023-01-01",
         "Detachering schuldenconsulent bij het wijkteam"),
    ]:  # fmt: skip
        designed(b, "KP-SW", aid, typ, pair, f"{start}..", None, service, title,
                 governance="contract_manager", **kp)  # fmt: skip

    # SS-1: single-source need. GEM-HEE buys debt counselling from SHV-GELD only.
    designed(b, "SS-1", "HEE-GELD-SHV", "service_contract", "GEM-HEE>SHV-GELD",
             "2025-01-01..2029-12-31", 140_000, "debt_counselling",
             "Schuldhulpverlening Heerwijck")  # fmt: skip

    # EXP-1..3: live agreements ending within six months after AS_OF, without successor.
    designed(b, "EXP", "EXP-BRE-SPORT", "subsidy", "GEM-BRE>NGO-SPORT", "2023-01-01..2026-08-31",
             85_000, "sport_exercise", "Buurtsportcoaches Breedeveen")  # fmt: skip
    designed(b, "EXP", "EXP-GGD-LYC", "covenant", "GGD-LW>SCH-LYC", "2022-09-01..2026-10-31",
             None, "public_health", "Gezonde School Weerdlyceum", governance="steering_group",
             shared_goals=["healthy_youth"], evaluation_date=d("2026-09-15"))  # fmt: skip
    designed(b, "EXP", "EXP-ZG-ECD", "licence", "ZG-MAAS>COM-ZSOFT", "2021-01-01..2026-11-30",
             420_000, "ict", "Licentie elektronisch cliëntdossier")  # fmt: skip
    # EXP-4: also ends within six months, but a planned successor starts the next day.
    for aid, period, value in [
        ("HOO-NOORD-HH-1", "2023-07-01..2026-09-30", 1_800_000),
        ("HOO-NOORD-HH-2", "2026-10-01..2030-12-31", 1_900_000),
    ]:
        designed(b, "EXP-SUCCESSOR", aid, "tender_award", "GEM-HOO>TZ-NOORD", period, value,
                 "home_care", "Huishoudelijke ondersteuning Hoogwaarde")  # fmt: skip

    # UO-1..3: under-organised hybrid agreements (missing goals, governance or evaluation).
    designed(b, "UO", "UO-NOORD-BUURT", "partnership", "WON-NOORD>SW-NOORD", "2023-04-01..",
             None, "social_work", "Buurtaanpak Noord", governance="none")  # fmt: skip
    designed(b, "UO", "UO-GAST-ZG", "alliance", "ZG-MAAS>ZH-GAST", "2020-01-01..", None,
             "elderly_care", "Transmurale zorgketen ouderen", governance="steering_group",
             shared_goals=["right_care_right_place", "independent_living"])  # fmt: skip
    designed(b, "UO", "UO-KADE-ZUID", "covenant", "WON-KADE>SW-ZUID", "2024-02-01..", None,
             "social_work", "Wonen en welzijn Zuid", governance="steering_group",
             evaluation_date=d("2027-02-01"))  # fmt: skip

    # END-1: a contract dissolved early after inspection findings, no successor.
    designed(b, "END", "END-ZAN-KOERS", "tender_award", "GEM-ZAN>JZ-KOERS",
             "2025-01-01..2025-12-31", 310_000, "youth_care",
             "Jeugdhulp Zandrijk (ontbonden per 2025-12-31)", status="ended")  # fmt: skip

    # Hierarchy: a proposed merger and two declared ownership ties.
    designed(b, "MERGER-PROPOSED", "MRG-VELD-KADE", "merger", "WON-VELD>WON-KADE",
             "2027-01-01..", title="Voorgenomen fusie Veldzicht en De Kade", status="proposed",
             governance="legal_entity")  # fmt: skip
    designed(b, "MERGER-DECLARED", "OWN-ZG-TZ", "ownership", "ZG-MAAS>TZ-MAAS", "2019-01-01..",
             title="Thuiszorg Maasoever is een dochter van Zorggroep Maasoever",
             governance="legal_entity", exclusive=True)  # fmt: skip
    designed(b, "MERGER-DECLARED", "SUB-ZG-FAC", "subsidiary", "ZG-MAAS>COM-FAC",
             "2015-01-01..", title="Facilitair bedrijf van Zorggroep Maasoever",
             governance="legal_entity", exclusive=True)  # fmt: skip

    # Merger candidate: TZ-HOEK and TZ-KLAV already share back office and recruitment.
    both = {
        "governance": "joint_board",
        "shared_goals": ["staff_retention", "quality_of_care"],
        "evaluation_date": d("2026-12-01"),
    }
    designed(b, "MERGER-CANDIDATE", "SS-HOEK-KLAV", "shared_service", "TZ-KLAV>TZ-HOEK",
             "2022-01-01..", None, "back_office", "Gezamenlijke backoffice Zuid",
             **both)  # fmt: skip
    designed(b, "MERGER-CANDIDATE", "JR-HOEK-KLAV", "joint_recruitment", "TZ-KLAV>TZ-HOEK",
             "2023-03-01..", None, "recruitment", "Samen werven wijkzorg Zuid",
             **both)  # fmt: skip

    # Alliance candidate: GGZ-WEER and WON-ANKER, four separate agreements, no umbrella.
    alc = {
        "governance": "contract_manager",
        "shared_goals": ["independent_living"],
        "evaluation_date": d("2027-03-01"),
    }
    designed(b, "ALLIANCE-CANDIDATE", "ALC-LEASE", "lease", "GGZ-WEER>WON-ANKER",
             "2019-01-01..2028-12-31", 310_000, "supported_housing",
             "Huur 24 woningen beschermd wonen")  # fmt: skip
    designed(b, "ALLIANCE-CANDIDATE", "ALC-SVC", "service_contract", "WON-ANKER>GGZ-WEER",
             "2024-01-01..2027-12-31", 85_000, "mental_health",
             "Consultatie GGZ voor huurders")  # fmt: skip
    designed(b, "ALLIANCE-CANDIDATE", "ALC-DET", "secondment", "GGZ-WEER>WON-ANKER",
             "2023-09-01..2027-08-31", None, "mental_health",
             "GGZ-verpleegkundige in het wijkteam van Het Anker", **alc)  # fmt: skip
    designed(b, "ALLIANCE-CANDIDATE", "ALC-REF", "referral", "WON-ANKER>GGZ-WEER",
             "2022-05-01..", None, "mental_health", "Signalering verwarde huurders",
             **alc)  # fmt: skip

    # CONS-SLIM: a declared consortium whose members do not otherwise collaborate.
    designed(b, "PAPER-CONSORTIUM", "CONS-SLIM", "consortium", "", "2025-01-01..2027-12-31",
             650_000, "digital_care", "Consortium Slimme Zorg Thuis", parties=PAPER_CONSORTIUM,
             governance="steering_group", shared_goals=["digital_care", "independent_living"],
             contacts=[b.staff.pick("SCH-HOG"), b.staff.pick("COM-ZSOFT")],
             evaluation_date=d("2026-12-01"))  # fmt: skip
    designed(b, "PAPER-CONSORTIUM", "GRANT-SLIM", "grant", "GEM-LIN>SCH-HOG",
             "2025-01-01..2027-12-31", 250_000, "applied_research",
             "Innovatiebijdrage Slimme Zorg Thuis (penvoerder Hogeschool)")  # fmt: skip

    # CONS-REG: the regional consortium (lead organisation governance), 17 parties.
    reg = idlist(
        """GEM-OOS GEM-HOO GEM-BRE GEM-WIE GEM-ZAN GEM-HEE ZVK-WEER ZH-GAST GGD-LW ZG-MAAS
        GGZ-WEER JZ-LINDE ZGR-HA WON-STAD SW-LIN REG-ZW"""
    )
    designed(b, "CONSORTIUM", "CONS-REG", "consortium", "", "2023-07-01..2028-12-31",
             2_400_000, "regional_care_planning", "Regionaal Zorgakkoord Lindeweerd",
             roles=[("GEM-LIN", "lead")] + [(o, "member") for o in reg],
             governance="joint_board",
             shared_goals=["right_care_right_place", "prevention", "staff_retention"],
             contacts=[b.staff.pick(o) for o in ("GEM-LIN", "ZVK-WEER", "ZH-GAST")],
             evaluation_date=d("2026-11-30"))  # fmt: skip

    # Planned agreements (status planned: they start after AS_OF).
    designed(b, "PLANNED", "PLN-MOU-ZVK", "mou", "GEM-LIN>ZVK-WEER", "2026-10-01..",
             title="Intentieverklaring preventieakkoord 2027-2030", phase="strategy",
             governance="steering_group", shared_goals=["prevention", "right_care_right_place"],
             evaluation_date=d("2027-10-01"))  # fmt: skip
    designed(b, "PLANNED", "PLN-AW-OUD", "partnership", "SCH-HOG>ZG-MAAS",
             "2026-09-01..2030-08-31", title="Academische werkplaats ouderenzorg",
             phase="creation", governance="steering_group",
             shared_goals=["quality_of_care", "staff_retention"],
             evaluation_date=d("2027-09-01"))  # fmt: skip

    # CUT-VERTEX: a village network in Heerwijck whose every tie stays inside PERIPHERY and
    # SW-HEE, so that SW-HEE is the only link between it and the rest of the region.
    village = [
        ("service_contract", "SW-HEE", "DB-BOOM", "daytime_activities", 95_000),
        ("grant", "SW-HEE", "NGO-MANT", "informal_care_support", 42_000),
        ("lease", "SW-HEE", "NGO-DORP", "community_space", 18_000),
        ("covenant", "SW-HEE", "NGO-VRIJ", "volunteer_support", 0),
        ("partnership", "NGO-VRIJ", "NGO-DORP", "volunteer_support", 0),
        ("referral", "NGO-MANT", "DB-BOOM", "daytime_activities", 0),
        ("partnership", "NGO-MANT", "NGO-VRIJ", "informal_care_support", 0),
    ]
    for typ, src, tgt, service, value in village:
        if form_of(typ) == MARKET:
            a = b.market(typ, src, tgt, service, value, d("2024-01-01"), d("2027-12-31"))
        else:
            a = b.hybrid(typ, src, tgt, service, "", ["social_cohesion", "independent_living"])
        a.feature = "CUT-VERTEX"


# --------------------------------------------------------------------------------------------
# 3. Background: municipal purchasing, companies, insurer, referrals, cluster ties
# --------------------------------------------------------------------------------------------

# Current contract period per municipality (the previous period ends the day before it starts).
CYCLES: dict[str, tuple[date, date, date]] = {
    # buyer: (previous period start, current period start, current period end)
    "GEM-LIN": (d("2020-01-01"), d("2024-01-01"), d("2027-12-31")),
    "GEM-OOS": (d("2021-01-01"), d("2025-01-01"), d("2028-12-31")),
    "GEM-HOO": (d("2019-07-01"), d("2023-07-01"), d("2027-12-31")),
    "GEM-BRE": (d("2021-01-01"), d("2024-01-01"), d("2028-12-31")),
    "GEM-WIE": (d("2021-01-01"), d("2025-01-01"), d("2029-12-31")),
    "GEM-ZAN": (d("2021-01-01"), d("2025-01-01"), d("2029-12-31")),
    "GEM-HEE": (d("2021-01-01"), d("2025-01-01"), d("2029-12-31")),
}
SERVICE_TYPE = {
    "youth_care": "tender_award",
    "home_care": "tender_award",
    "wmo_support": "tender_award",
    "daytime_activities": "tender_award",
    "debt_counselling": "service_contract",
    "social_work": "subsidy",
    "shelter": "subsidy",
    "domestic_violence_services": "subsidy",
}
SERVICE_TITLE = {
    "youth_care": "Jeugdhulp",
    "home_care": "Huishoudelijke ondersteuning",
    "wmo_support": "Wmo-begeleiding",
    "daytime_activities": "Dagbesteding",
    "debt_counselling": "Schuldhulpverlening",
    "social_work": "Welzijnswerk en maatschappelijk werk",
    "shelter": "Maatschappelijke opvang",
    "domestic_violence_services": "Aanpak huiselijk geweld",
}

# What each municipality buys in the current period: service -> {supplier: annual euro}.
# Designed exceptions live in add_designed (GEM-OOS/JZ-LINDE, GEM-HOO/JZ-SPEEL,
# GEM-HOO/TZ-NOORD home care, GEM-HEE/SHV-GELD, GEM-ZAN/JZ-KOERS, GEM-LIN/COM-VERV).
PURCHASES: dict[str, dict[str, dict[str, int]]] = {
    "GEM-LIN": {
        "youth_care": {
            "JZ-LINDE": 7_600_000,
            "JZ-KOMP": 6_100_000,
            "JZ-THUIS": 4_550_000,
            "JZ-WILG": 3_400_000,
            "JZ-PLEEG": 5_300_000,
            "JZ-AUTI": 3_800_000,
            "JZ-KOERS": 3_050_000,
            "GGZ-WEER": 4_200_000,
        },
        "home_care": {
            "TZ-STAD": 4_500_000,
            "TZ-MAAS": 3_500_000,
            "TZ-HULP": 2_800_000,
            "TZ-ZZP": 1_100_000,
            "TZ-WIJK": 2_100_000,
        },
        "wmo_support": {
            "TZ-STAD": 2_200_000,
            "GHZ-REIG": 2_900_000,
            "GGZ-WEER": 1_900_000,
            "ZG-MAAS": 1_300_000,
        },
        "debt_counselling": {"SHV-KRED": 1_600_000, "SHV-GELD": 520_000},
        "social_work": {"SW-LIN": 2_000_000, "CO-LW": 400_000},
        "daytime_activities": {"ZG-MAAS": 1_150_000, "GHZ-REIG": 1_400_000, "VH-BERK": 350_000},
        "shelter": {"MO-ONDER": 1_850_000, "MO-HAVEN": 420_000},
        "domestic_violence_services": {"VT-LW": 1_450_000},
    },
    "GEM-OOS": {
        "youth_care": {"JZ-PLEEG": 280_000, "JZ-AUTI": 170_000},  # + IMP-1 (JZ-LINDE)
        "home_care": {"TZ-MAAS": 1_700_000, "TZ-STAD": 1_450_000, "TZ-HULP": 1_050_000},
        "wmo_support": {"GHZ-REIG": 900_000, "GGZ-WEER": 650_000},
        "debt_counselling": {"SHV-KRED": 380_000, "SHV-ORDE": 160_000},
        "social_work": {"SW-LIN": 850_000, "CO-LW": 140_000},
        "daytime_activities": {"ZG-MAAS": 520_000, "GHZ-REIG": 610_000},
    },
    "GEM-HOO": {
        "youth_care": {  # + IMP-3 (JZ-SPEEL)
            "JZ-KOMP": 3_350_000,
            "JZ-THUIS": 1_500_000,
            "JZ-PLEEG": 900_000,
            "JZ-DAG": 700_000,
        },
        "home_care": {"TZ-MAAS": 700_000, "TZ-HULP": 1_100_000},  # + HOO-NOORD-HH (TZ-NOORD)
        "wmo_support": {"TZ-NOORD": 950_000, "GHZ-REIG": 780_000},
        "debt_counselling": {"SHV-ORDE": 290_000, "SHV-GELD": 120_000},
        "social_work": {"SW-NOORD": 1_050_000, "CO-LW": 120_000},
        "daytime_activities": {"VH-BERK": 480_000, "GHZ-REIG": 520_000},
    },
    "GEM-BRE": {
        "youth_care": {"JZ-KOMP": 1_600_000, "JZ-THUIS": 960_000, "JZ-PLEEG": 640_000},
        "home_care": {"TZ-NOORD": 1_170_000, "TZ-HULP": 630_000},
        "wmo_support": {"TZ-NOORD": 540_000, "GHZ-REIG": 310_000},
        "debt_counselling": {"SHV-ORDE": 150_000, "SHV-GELD": 95_000},
        "social_work": {"SW-NOORD": 560_000, "CO-LW": 60_000},
        "daytime_activities": {"VH-BERK": 260_000, "GHZ-REIG": 210_000},
    },
    "GEM-WIE": {
        "youth_care": {
            "JZ-LINDE": 2_100_000,
            "JZ-WILG": 1_800_000,
            "JZ-GEZIN": 600_000,
            "JZ-DAG": 1_500_000,
        },
        # SC-1: supplier concentration, TZ-MAAS holds 72% of GEM-WIE's home care spend.
        "home_care": {"TZ-MAAS": 2_808_000, "TZ-HOEK": 624_000, "TZ-KLAV": 468_000},
        "wmo_support": {"TZ-KLAV": 640_000, "GHZ-REIG": 520_000, "GGZ-WEER": 380_000},
        "debt_counselling": {"SHV-GELD": 270_000, "SHV-ORDE": 150_000},
        "social_work": {"SW-ZUID": 880_000, "CO-LW": 90_000},
        "daytime_activities": {"GHZ-REIG": 430_000, "VH-EIK": 390_000},
    },
    "GEM-ZAN": {
        "youth_care": {"JZ-WILG": 1_680_000, "JZ-GEZIN": 720_000},  # + END-1 (JZ-KOERS)
        "home_care": {"TZ-HOEK": 675_000, "TZ-KLAV": 825_000},
        "wmo_support": {"TZ-KLAV": 380_000, "TZ-HOEK": 290_000},
        "debt_counselling": {"SHV-GELD": 110_000, "SHV-ORDE": 65_000},
        "social_work": {"SW-ZUID": 420_000, "CO-LW": 45_000},
        "daytime_activities": {"GHZ-REIG": 210_000, "VH-EIK": 240_000},
    },
    "GEM-HEE": {
        "youth_care": {"JZ-WILG": 1_140_000, "JZ-LINDE": 760_000},
        "home_care": {"TZ-HOEK": 600_000, "TZ-KLAV": 600_000},
        "wmo_support": {"TZ-HOEK": 260_000, "TZ-KLAV": 310_000},
        "social_work": {"SW-HEE": 610_000, "SW-ZUID": 70_000},  # + SS-1 debt counselling
        "daytime_activities": {"GHZ-REIG": 170_000, "VH-EIK": 150_000},
    },
}
# Pairs that get no previous-period contract, so that their figures stay as designed.
NO_HISTORY = {("GEM-WIE", "TZ-MAAS"), ("GEM-OOS", "JZ-PLEEG"), ("GEM-OOS", "JZ-AUTI")}


def add_municipal_purchasing(b: Builder) -> None:
    """Current-period contracts from PURCHASES; about half also had a previous-period one."""
    for buyer, services in PURCHASES.items():
        prev_start, start, end = CYCLES[buyer]
        for service, suppliers in services.items():
            typ = SERVICE_TYPE[service]
            for supplier, value in suppliers.items():
                title = f"{SERVICE_TITLE[service]} {b.orgs[buyer].name.split()[-1]}"
                prev = None
                if (buyer, supplier) not in NO_HISTORY and b.rng.random() < 0.5:
                    old = int(round(value * b.rng.uniform(0.82, 0.95) / 5000) * 5000)
                    prev = b.market(
                        typ, buyer, supplier, service, old, prev_start, day_before(start), title
                    )
                cur = b.market(typ, buyer, supplier, service, value, start, end, title)
                b.spread_contacts(prev, cur)


def add_subsidies(b: Builder) -> None:
    """Multi-year subsidies to NGOs and schools for services outside the purchase matrix."""
    rows = [
        ("GEM-LIN", "NGO-VOED", "food_aid", 60_000, 90_000),
        ("GEM-LIN", "NGO-TAAL", "language_training", 120_000, 220_000),
        ("GEM-LIN", "NGO-NIEUW", "integration_support", 600_000, 900_000),
        ("GEM-LIN", "NGO-BUURT", "neighbourhood_mediation", 110_000, 160_000),
        ("GEM-LIN", "JZ-JOB", "youth_work", 1_100_000, 1_500_000),
        ("GEM-LIN", "CLR-SD", "client_perspective", 50_000, 60_000),
        ("GEM-LIN", "NGO-KANS", "child_poverty", 150_000, 250_000),
        ("GEM-LIN", "HOS-BAKEN", "palliative_care", 50_000, 80_000),
        ("GEM-LIN", "SCH-PO", "early_childhood_education", 800_000, 1_300_000),
        ("GEM-OOS", "NGO-VOED", "food_aid", 50_000, 60_000),
        ("GEM-OOS", "JZ-JOB", "youth_work", 300_000, 420_000),
        ("GEM-OOS", "NGO-GELDH", "budget_coaching", 50_000, 70_000),
        ("GEM-OOS", "CLR-SD", "client_perspective", 50_000, 55_000),
        ("GEM-HOO", "NGO-KANS", "child_poverty", 60_000, 90_000),
        ("GEM-HOO", "NGO-SPORT", "sport_exercise", 110_000, 160_000),
        ("GEM-WIE", "NGO-OUD", "informal_care_support", 240_000, 320_000),
        ("GEM-WIE", "NGO-VOED", "food_aid", 50_000, 55_000),
        ("GEM-ZAN", "NGO-OUD", "informal_care_support", 90_000, 130_000),
    ]
    for funder, recipient, service, low, high in rows:
        start = b.rng.choice((d("2024-01-01"), d("2025-01-01")))
        b.market(
            "subsidy",
            funder,
            recipient,
            service,
            b.money(low, high),
            start,
            d("2028-12-31"),
            title=f"Subsidie {service.replace('_', ' ')}",
        )


# Company contracts: (type, buyer, supplier, service, low, high)
COMPANY_CONTRACTS: list[tuple[str, str, str, str, int, int]] = [
    *[
        ("service_contract", buyer, "COM-DATA", "ict", 60_000, 480_000)
        for buyer in idlist(
            """
                GEM-LIN GEM-OOS GEM-HOO WON-STAD WON-ANKER SW-LIN ZG-MAAS GGD-LW SHV-KRED EMP-LOG
            """
        )
    ],
    *[
        ("licence", buyer, "COM-ZSOFT", "care_software", 30_000, 260_000)
        for buyer in idlist(
            """
                TZ-MAAS TZ-STAD TZ-NOORD TZ-HOEK TZ-KLAV JZ-LINDE JZ-KOMP GGZ-WEER VH-BERK GHZ-REIG
            """
        )
    ],
    *[
        ("contract", buyer, "COM-SCHOON", "cleaning", 60_000, 900_000)
        for buyer in ("ZH-GAST", "GEM-LIN", "WON-STAD", "VH-BERK", "GGD-LW", "EMP-HOTEL")
    ],
    *[
        ("service_contract", buyer, "COM-ACC", "accounting", 25_000, 90_000)
        for buyer in ("SW-LIN", "SW-ZUID", "JZ-KOMP", "SHV-GELD", "TZ-HOEK", "TZ-KLAV")
    ],
    *[
        ("purchase", buyer, "COM-ADV", "consultancy", 30_000, 120_000)
        for buyer in ("GEM-WIE", "WON-ANKER", "GGD-LW")
    ],
    *[
        ("tender_award", buyer, "COM-HULPM", "mobility_aids", 150_000, 900_000)
        for buyer in ("GEM-LIN", "GEM-OOS", "GEM-WIE", "GEM-ZAN", "GEM-HEE")
    ],
    *[
        ("contract", buyer, "COM-WAANP", "housing_adaptation", 80_000, 600_000)
        for buyer in ("GEM-LIN", "GEM-HOO", "GEM-BRE", "WON-STAD")
    ],
    *[
        ("contract", buyer, "COM-MAAL", "meals", 60_000, 350_000)
        for buyer in ("VH-EIK", "VH-BERK", "ZG-MAAS", "GEM-ZAN", "TZ-KLAV")
    ],
    *[
        ("service_contract", buyer, "COM-FAC", "facility_services", 200_000, 1_200_000)
        for buyer in ("ZG-MAAS", "VH-EIK", "TZ-MAAS")
    ],
    *[
        ("service_contract", buyer, "COM-ALARM", "personal_alarm", 40_000, 250_000)
        for buyer in ("GEM-LIN", "WON-STAD", "WON-ANKER", "TZ-STAD")
    ],
    *[
        ("contract", buyer, "REC-ZORG", "staffing", 100_000, 1_500_000)
        for buyer in idlist(
            """
                ZG-MAAS VH-EIK VH-BERK TZ-STAD TZ-MAAS JZ-LINDE GGZ-WEER ZH-GAST TZ-HOEK TZ-KLAV
            """
        )
    ],
    *[
        ("contract", buyer, "REC-FLEX", "staffing", 100_000, 900_000)
        for buyer in ("EMP-LOG", "EMP-MET", "EMP-SUPER", "EMP-HOTEL", "TZ-HULP", "COM-SCHOON")
    ],
    # Leases: the tenant (lessee) is the source, the housing corporation the target.
    ("lease", "JZ-LINDE", "WON-STAD", "supported_housing", 150_000, 400_000),
    ("lease", "MO-ONDER", "WON-STAD", "supported_housing", 200_000, 450_000),
    ("lease", "GHZ-REIG", "WON-NOORD", "supported_housing", 150_000, 350_000),
    ("lease", "VH-BERK", "WON-NOORD", "supported_housing", 250_000, 500_000),
    ("lease", "JZ-THUIS", "WON-NOORD", "supported_housing", 60_000, 140_000),
    ("lease", "JZ-GEZIN", "WON-KADE", "supported_housing", 20_000, 40_000),
    ("lease", "TZ-KLAV", "WON-VELD", "office_space", 30_000, 60_000),
    ("lease", "GHZ-REIG", "WON-KADE", "supported_housing", 80_000, 160_000),
    ("lease", "NGO-NIEUW", "WON-ANKER", "housing", 100_000, 200_000),
    ("outsourcing", "GEM-BRE", "GEM-HOO", "back_office", 300_000, 450_000),
    ("outsourcing", "GGD-LW", "COM-ACC", "payroll", 40_000, 90_000),
]

# The insurer's contracts: supplier -> (service, low, high).
INSURER_CONTRACTS: dict[str, tuple[str, int, int]] = {
    "TZ-MAAS": ("nursing", 6_000_000, 9_000_000),
    "TZ-STAD": ("nursing", 4_000_000, 6_000_000),
    "TZ-HOEK": ("nursing", 900_000, 1_300_000),
    "TZ-KLAV": ("nursing", 1_500_000, 2_200_000),
    "TZ-NOORD": ("nursing", 2_500_000, 3_500_000),
    "TZ-WIJK": ("nursing", 1_800_000, 2_600_000),
    "TZ-ZZP": ("nursing", 600_000, 900_000),
    "ZH-GAST": ("hospital_care", 160_000_000, 190_000_000),
    "GGZ-WEER": ("mental_health", 30_000_000, 38_000_000),
    "GGZ-PRAT": ("mental_health", 1_200_000, 1_800_000),
    "GGZ-VERS": ("addiction_care", 6_000_000, 8_000_000),
    "REV-HW": ("rehabilitation", 14_000_000, 18_000_000),
    "HAP-LW": ("out_of_hours_care", 5_500_000, 6_500_000),
    "ZGR-HA": ("chronic_care", 7_000_000, 9_000_000),
    "FYS-BEW": ("physiotherapy", 250_000, 400_000),
    "AMB-LW": ("ambulance_care", 15_000_000, 18_000_000),
    "HOS-BAKEN": ("palliative_care", 300_000, 500_000),
    "COM-VERV": ("patient_transport", 900_000, 1_400_000),
    "ERGO-Z": ("occupational_therapy", 80_000, 150_000),
    "APO-VIJZ": ("pharmacy", 2_000_000, 3_000_000),
    "APO-HOO": ("pharmacy", 1_500_000, 2_200_000),
    "ZG-MAAS": ("elderly_care", 45_000_000, 55_000_000),
    "VH-EIK": ("elderly_care", 12_000_000, 16_000_000),
    "VH-BERK": ("elderly_care", 8_000_000, 11_000_000),
    "GHZ-REIG": ("disability_care", 18_000_000, 24_000_000),
}

GPS = {
    "HA-CENT": "M",
    "HA-WEST": "M",
    "HA-OOST": "M",
    "HA-OOS": "M",
    "HA-HOO": "N",
    "HA-BRE": "N",
    "HA-KERK": "N",
    "HA-WIE": "Z",
    "HA-ZAN": "Z",
    "HA-HEE": "Z",
}


def add_company_contracts(b: Builder) -> None:
    """Contracts with companies, agencies and landlords; some had an earlier contract."""
    for typ, buyer, supplier, service, low, high in COMPANY_CONTRACTS:
        rng = b.rng
        start = date(rng.choice((2023, 2024, 2025)), rng.choice((1, 7)), 1)
        length = rng.choice((4, 5, 6))
        end = date(start.year + length, start.month, 1) - timedelta(days=1)
        if end < d("2027-12-31"):
            end = d("2027-12-31")
        value = b.money(low, high)
        prev = None
        if rng.random() < 0.3:
            prev_start = date(start.year - 3, start.month, 1)
            old = int(value * 0.9) // 1000 * 1000
            prev = b.market(typ, buyer, supplier, service, old, prev_start, day_before(start))
        cur = b.market(typ, buyer, supplier, service, value, start, end)
        b.spread_contacts(prev, cur)


def add_insurer_and_gp_contracts(b: Builder) -> None:
    """The insurer's purchasing, and the GP care group's chronic-care contracts with GPs."""
    for supplier, (service, low, high) in INSURER_CONTRACTS.items():
        b.market(
            "contract",
            "ZVK-WEER",
            supplier,
            service,
            b.money(low, high),
            d("2025-01-01"),
            d("2027-12-31"),
        )
    for gp in GPS:
        b.market(
            "contract",
            "ZGR-HA",
            gp,
            "gp_care",
            b.money(120_000, 420_000),
            d("2024-01-01"),
            d("2028-12-31"),
            title="Ketenzorg chronische zorg",
        )


def add_referrals(b: Builder) -> None:
    """Referral agreements: GP practices and the hospital refer to providers."""
    elderly = CLUSTERS["elderly_home_care"]["goals"]
    home_care = {"N": ["TZ-NOORD"], "M": ["TZ-STAD", "TZ-WIJK", "TZ-ZZP"], "Z": ["TZ-MAAS"]}
    welfare = {"N": "SW-NOORD", "M": "SW-LIN", "Z": "SW-ZUID"}
    youth = {"N": ["JZ-KOMP", "JZ-THUIS"], "M": ["GGZ-JONG", "JZ-AUTI"], "Z": ["JZ-WILG"]}
    for gp, reg in GPS.items():
        ggz = "GGZ-PRAT" if reg == "M" else "GGZ-WEER"
        b.hybrid("referral", gp, ggz, "mental_health", "POH-GGZ en verwijsafspraken", elderly)
        if reg == "Z":  # the Zuid GPs refer to both merger-candidate home care providers
            for tz in MERGER_CANDIDATE:
                b.hybrid("referral", gp, tz, "nursing", "Wijkverpleging", elderly)
        else:
            tz = b.rng.choice(home_care[reg])
            b.hybrid("referral", gp, tz, "nursing", "Wijkverpleging", elderly)
        sw = "SW-HEE" if gp == "HA-HEE" else welfare[reg]
        b.hybrid("referral", gp, sw, "social_work", "Welzijn op recept", elderly)
        if b.rng.random() < 0.6:
            b.hybrid(
                "referral",
                gp,
                b.rng.choice(youth[reg]),
                "youth_care",
                "Verwijzing jeugdhulp",
                CLUSTERS["youth"]["goals"],
            )
    for target, service in (
        ("VH-EIK", "elderly_care"),
        ("VH-BERK", "elderly_care"),
        ("REV-HW", "rehabilitation"),
        ("HOS-BAKEN", "palliative_care"),
        ("TZ-STAD", "nursing"),
        ("TZ-MAAS", "nursing"),
        ("TZ-HOEK", "nursing"),
        ("TZ-KLAV", "nursing"),
        ("TZ-NOORD", "nursing"),
    ):
        b.hybrid("referral", "ZH-GAST", target, service, "Transferpunt ziekenhuis", elderly)


# Hybrid ties inside and between the clusters: (type, source, target, service, title).
CLUSTER_TIES: dict[str, list[tuple[str, str, str, str, str]]] = {
    "youth": [
        ("covenant", "JZ-LINDE", "SWV-PO", "youth_care", "Onderwijs-zorgarrangementen"),
        ("alliance", "JZ-LINDE", "JZ-KOMP", "crisis_care", "Crisisalliantie Jeugd"),
        ("partnership", "JZ-LINDE", "GGZ-JONG", "youth_mental_health", "Jeugd-GGZ samen"),
        ("secondment", "JZ-LINDE", "SCH-SO", "youth_care", "Jeugdhulp op De Wissel"),
        ("covenant", "SWV-PO", "SCH-PO", "education_support", "Ondersteuningsplan PO"),
        ("covenant", "SWV-PO", "SCH-LYC", "education_support", "Ondersteuningsplan VO"),
        ("covenant", "SWV-PO", "SCH-SO", "education_support", "Ondersteuningsplan SO"),
        ("covenant", "SWV-PO", "SCH-VMBO", "education_support", "Ondersteuningsplan VO"),
        ("covenant", "RBL-LW", "SWV-PO", "school_attendance", "Aanpak thuiszitters"),
        ("covenant", "RBL-LW", "SCH-VMBO", "school_attendance", "Verzuimaanpak"),
        ("referral", "SCH-SO", "JZ-AUTI", "autism_care", "Autismezorg voor leerlingen"),
        ("partnership", "JZ-PLEEG", "JZ-GEZIN", "foster_care", "Gezinshuizen en pleegzorg"),
        ("referral", "GGZ-JONG", "JZ-DAG", "daytime_treatment", "Dagbehandeling"),
        ("partnership", "JZ-KOMP", "JZ-THUIS", "youth_care", "Jeugdhulp Noord"),
        ("partnership", "JZ-WILG", "JZ-DAG", "youth_care", "Jeugdhulp Zuid"),
        ("partnership", "JZ-SPEEL", "JZ-KOMP", "youth_care", "Therapie bij Het Kompas"),
        ("referral", "JZ-KOERS", "JZ-PLEEG", "foster_care", "Pleegzorgplaatsingen"),
        ("referral", "VT-LW", "JZ-LINDE", "youth_care", "Doorverwijzing na melding"),
        ("referral", "VT-LW", "JZ-KOMP", "youth_care", "Doorverwijzing na melding"),
        ("partnership", "JZ-JOB", "SCH-LYC", "youth_work", "Jongerenwerk op school"),
        ("partnership", "NGO-KANS", "SCH-PO", "child_poverty", "Kansrijk Kind op school"),
        ("referral", "SCH-PO", "GGZ-JONG", "youth_mental_health", "Jeugd-GGZ op school"),
        ("referral", "SCH-LYC", "JZ-KOERS", "youth_care", "Schoolmaatschappelijk werk"),
        ("partnership", "SCH-VMBO", "JZ-WILG", "youth_care", "Zorgteam Vakcollege"),
        ("partnership", "NGO-SPORT", "SCH-PO", "sport_exercise", "Gezond bewegen op school"),
        ("covenant", "GGD-LW", "SCH-PO", "youth_health_care", "JGZ in het onderwijs"),
        ("covenant", "GGD-LW", "JZ-LINDE", "youth_health_care", "Kansrijke Start"),
        ("covenant", "GGD-LW", "VT-LW", "child_protection", "Samenwerking JGZ en meldpunt"),
    ],
    "elderly_home_care": [
        ("covenant", "ZGR-HA", "TZ-WIJK", "chronic_care", "Ketenzorg kwetsbare ouderen"),
        ("covenant", "ZGR-HA", "ZG-MAAS", "elderly_care", "Specialist ouderengeneeskunde"),
        ("partnership", "VH-EIK", "TZ-MAAS", "elderly_care", "Wonen met zorg Zuid"),
        ("partnership", "FYS-BEW", "REV-HW", "physiotherapy", "Revalidatie thuis"),
        ("covenant", "FYS-BEW", "ZGR-HA", "physiotherapy", "Valpreventie"),
        ("referral", "TZ-KLAV", "ERGO-Z", "occupational_therapy", "Ergotherapie thuis"),
        ("referral", "TZ-HOEK", "ERGO-Z", "occupational_therapy", "Ergotherapie thuis"),
        ("covenant", "APO-VIJZ", "ZGR-HA", "medication_review", "Medicatiebeoordeling"),
        ("covenant", "APO-HOO", "HA-HOO", "medication_review", "Medicatiebeoordeling"),
        ("covenant", "HAP-LW", "AMB-LW", "emergency_care", "Spoedzorgketen"),
        ("covenant", "HAP-LW", "ZH-GAST", "emergency_care", "Spoedplein Gasthuis"),
        ("covenant", "AMB-LW", "ZH-GAST", "emergency_care", "Ambulance en SEH"),
        ("partnership", "NGO-OUD", "TZ-KLAV", "informal_care_support", "Mantelzorg Zuid"),
        ("partnership", "NGO-OUD", "TZ-HOEK", "informal_care_support", "Mantelzorg Zuid"),
        ("partnership", "NGO-OUD", "VH-EIK", "community_work", "Ouderen in de wijk"),
        ("partnership", "TZ-ZZP", "TZ-STAD", "home_care", "Overloopafspraak wijkzorg"),
        ("partnership", "VH-BERK", "TZ-NOORD", "elderly_care", "Wonen met zorg Noord"),
        ("referral", "REV-HW", "TZ-STAD", "nursing", "Nazorg na revalidatie"),
        ("partnership", "ZG-MAAS", "HOS-BAKEN", "palliative_care", "Palliatief netwerk"),
        ("covenant", "GGD-LW", "ZG-MAAS", "infection_control", "Infectiepreventie"),
        ("partnership", "APO-VIJZ", "TZ-WIJK", "medication_review", "Medicatie thuis"),
        ("covenant", "APO-VIJZ", "ZG-MAAS", "medication_review", "Medicatie in het verpleeghuis"),
    ],
    "housing_debt": [
        ("partnership", "WON-STAD", "MO-ONDER", "supported_housing", "Skaeve woningen"),
        ("covenant", "MO-ONDER", "MO-HAVEN", "shelter", "Centrale toegang opvang"),
        ("referral", "MO-HAVEN", "GGZ-VERS", "addiction_care", "Verslavingszorg opvang"),
        ("partnership", "GGZ-VERS", "MO-ONDER", "addiction_care", "Zorg in de opvang"),
        ("partnership", "SHV-GELD", "NGO-GELDH", "budget_coaching", "Budgetcoaches"),
        ("referral", "SHV-KRED", "SHV-BEW", "financial_administration", "Beschermingsbewind"),
        ("referral", "NGO-VOED", "SHV-GELD", "debt_counselling", "Doorverwijzing"),
        ("covenant", "WON-ANKER", "NGO-BUURT", "neighbourhood_mediation", "Buurtbemiddeling"),
        ("covenant", "WON-STAD", "NGO-BUURT", "neighbourhood_mediation", "Buurtbemiddeling"),
        ("partnership", "CO-LW", "SHV-KRED", "client_support", "Ondersteuning bij schulden"),
        ("referral", "SW-NOORD", "SHV-ORDE", "debt_counselling", "Doorverwijzing"),
        ("referral", "SW-ZUID", "SHV-GELD", "debt_counselling", "Doorverwijzing"),
        ("covenant", "NGO-NIEUW", "WON-STAD", "housing", "Huisvesting statushouders"),
        ("referral", "WON-KADE", "SHV-GELD", "debt_counselling", "Huurachterstanden"),
        ("referral", "WON-VELD", "SHV-GELD", "debt_counselling", "Huurachterstanden"),
        ("referral", "WON-NOORD", "SHV-ORDE", "debt_counselling", "Huurachterstanden"),
        ("partnership", "SW-ZUID", "WON-VELD", "social_work", "Wijkaanpak Zuid"),
        ("covenant", "SW-ZUID", "SW-HEE", "social_work", "Welzijn Zuid"),
        ("partnership", "CO-LW", "SW-NOORD", "client_support", "Cliëntondersteuning Noord"),
        ("partnership", "WON-ANKER", "CO-LW", "client_support", "Cliëntondersteuning huurders"),
        ("partnership", "SHV-BEW", "SHV-ORDE", "financial_administration", "Bewind en schuld"),
        ("partnership", "JZ-JOB", "SW-LIN", "youth_work", "Jongerenwerk in de wijk"),
        ("covenant", "CLR-SD", "CO-LW", "client_perspective", "Ervaringen van cliënten"),
        ("partnership", "EMP-SUPER", "NGO-VOED", "food_aid", "Voedseldonaties"),
        ("covenant", "ZH-GAST", "GGZ-WEER", "mental_health", "Psychiatrische consultatie"),
        ("partnership", "GGZ-WEER", "GGZ-JONG", "youth_mental_health", "Overgang 18-/18+"),
        ("partnership", "GGZ-WEER", "MO-ONDER", "mental_health", "Bemoeizorg"),
        ("partnership", "SHV-GELD", "SHV-KRED", "debt_counselling", "Schuldhulp samen"),
        ("partnership", "SHV-GELD", "SHV-ORDE", "debt_counselling", "Gezamenlijke intake"),
        ("referral", "SW-LIN", "SHV-KRED", "debt_counselling", "Doorverwijzing kredietbank"),
        ("partnership", "SW-LIN", "SW-NOORD", "social_work", "Welzijn regionaal"),
        ("partnership", "SW-LIN", "SW-ZUID", "social_work", "Welzijn regionaal"),
        ("covenant", "SW-LIN", "MO-ONDER", "shelter", "Voorkomen huisuitzettingen"),
        ("covenant", "SW-LIN", "WON-ANKER", "social_work", "Achter de voordeur"),
        ("referral", "WON-STAD", "SHV-GELD", "debt_counselling", "Huurachterstanden"),
        ("referral", "WON-KADE", "SHV-ORDE", "debt_counselling", "Huurachterstanden"),
        ("referral", "WON-NOORD", "SHV-KRED", "debt_counselling", "Saneringskrediet"),
        ("partnership", "NGO-GELDH", "SW-NOORD", "budget_coaching", "Budgetmaatjes Noord"),
        ("partnership", "NGO-GELDH", "SW-ZUID", "budget_coaching", "Budgetmaatjes Zuid"),
        ("partnership", "CO-LW", "SW-ZUID", "client_support", "Cliëntondersteuning Zuid"),
        ("partnership", "MO-ONDER", "WON-NOORD", "supported_housing", "Opstapwoningen Noord"),
        ("partnership", "MO-ONDER", "WON-VELD", "supported_housing", "Opstapwoningen Zuid"),
        ("partnership", "NGO-VOED", "SW-NOORD", "food_aid", "Uitgiftepunt Noord"),
        ("partnership", "NGO-VOED", "SW-ZUID", "food_aid", "Uitgiftepunt Zuid"),
    ],
    "labour_education": [
        ("partnership", "REG-ZW", "SCH-ROC", "vocational_training", "Zorgacademie Lindeweerd"),
        ("partnership", "REG-ZW", "SCH-HOG", "higher_education", "Leven lang leren zorg"),
        ("partnership", "REG-ZW", "WERK-LW", "labour_market_services", "Zij-instroom zorg"),
        ("partnership", "REG-ZW", "REC-ZORG", "recruitment", "Regionale flexpool"),
        ("covenant", "SCH-ROC", "WERK-LW", "vocational_training", "Praktijkleren"),
        ("covenant", "SCH-ROC", "EMP-LOG", "work_placements", "BBL logistiek"),
        ("covenant", "SCH-ROC", "EMP-MET", "work_placements", "BBL techniek"),
        ("covenant", "SCH-ROC", "EMP-HOTEL", "work_placements", "BBL horeca"),
        ("covenant", "SCH-VMBO", "EMP-MET", "work_placements", "Doorlopende leerlijn"),
        ("covenant", "SCH-VMBO", "EMP-BOUW", "work_placements", "Doorlopende leerlijn"),
        ("covenant", "WERK-LW", "EMP-LOG", "employment", "Banenafspraak"),
        ("covenant", "WERK-LW", "EMP-SUPER", "employment", "Banenafspraak"),
        ("covenant", "WERK-LW", "EMP-GROEN", "employment", "Banenafspraak"),
        ("covenant", "WERK-LW", "EMP-BOUW", "employment", "Banenafspraak"),
        ("partnership", "REC-FLEX", "WERK-LW", "job_coaching", "Van uitkering naar werk"),
        ("partnership", "NGO-TAAL", "WERK-LW", "language_training", "Taal op de werkvloer"),
        ("partnership", "NGO-NIEUW", "WERK-LW", "labour_market_services", "Statushouders"),
        ("partnership", "NGO-TAAL", "NGO-NIEUW", "language_training", "Taalmaatjes"),
        ("partnership", "EMP-GROEN", "GHZ-REIG", "work_placements", "Groen werk"),
        ("partnership", "EMP-HOTEL", "EMP-SUPER", "work_placements", "Gastvrij werken"),
        ("secondment", "REC-ZORG", "VH-EIK", "staffing", "Detachering verzorgenden"),
        ("covenant", "SCH-ROC", "ZG-MAAS", "work_placements", "Leerwerkplekken zorg"),
        ("covenant", "SCH-ROC", "JZ-LINDE", "work_placements", "Leerwerkplekken jeugd"),
        ("covenant", "SCH-ROC", "TZ-HOEK", "work_placements", "Leerwerkplekken wijkzorg"),
        ("covenant", "SCH-ROC", "TZ-KLAV", "work_placements", "Leerwerkplekken wijkzorg"),
        ("covenant", "SCH-HOG", "GGZ-WEER", "work_placements", "Stages GGZ"),
        ("covenant", "SCH-HOG", "JZ-KOMP", "work_placements", "Stages jeugd"),
    ],
}

# Municipal performance agreements with housing corporations (prestatieafspraken).
PERFORMANCE_AGREEMENTS = [
    ("GEM-LIN", "WON-ANKER"),
    ("GEM-LIN", "WON-STAD"),
    ("GEM-OOS", "WON-ANKER"),
    ("GEM-HOO", "WON-NOORD"),
    ("GEM-BRE", "WON-NOORD"),
    ("GEM-WIE", "WON-KADE"),
    ("GEM-WIE", "WON-VELD"),
    ("GEM-ZAN", "WON-VELD"),
    ("GEM-HEE", "WON-KADE"),
]


def add_cluster_ties(b: Builder) -> None:
    """The two-party hybrid ties of each cluster and the municipal covenants."""
    for cluster, rows in CLUSTER_TIES.items():
        goals = CLUSTERS[cluster]["goals"]
        for typ, src, tgt, service, title in rows:
            b.hybrid(typ, src, tgt, service, title, goals)
    for gem, corp in PERFORMANCE_AGREEMENTS:
        b.hybrid(
            "covenant",
            gem,
            corp,
            "housing",
            "Prestatieafspraken",
            ["affordable_housing"],
            start=d("2024-01-01"),
        )
    b.hybrid("shared_service", "GEM-LIN", "GEM-OOS", "ict", "ICT en belastingen", ["cost_control"])
    b.hybrid(
        "shared_service",
        "GEM-HOO",
        "GEM-BRE",
        "back_office",
        "Ambtelijke samenwerking",
        ["cost_control"],
    )


def add_multi_party(b: Builder) -> None:
    """Networks, joint arrangements and joint recruitment with three or more parties."""
    gemeenten = list(CYCLES)

    def multi(
        aid: str,
        typ: str,
        roles: list[tuple[str, str]],
        title: str,
        goals: list[str],
        start: date,
    ) -> None:
        people = [b.staff.pick(roles[0][0]), b.staff.pick(roles[1][0])]
        b.add(
            Agreement(
                id=aid,
                type=typ,
                roles=roles,
                start=start,
                phase="operation",
                governance="joint_board" if typ == "joint_venture" else "steering_group",
                shared_goals=goals,
                contacts=people,
                evaluation_date=b.eval_date(),
                title=title,
            )
        )

    youth = CLUSTERS["youth"]["members"][:10]  # the youth care providers
    multi(
        "NET-JEUGD",
        "network",
        [("JZ-LINDE", "lead")] + [(o, "member") for o in youth],
        "Jeugdhulpnetwerk Lindeweerd",
        ["healthy_youth", "quality_of_care"],
        d("2019-01-01"),
    )
    elderly = ["TZ-MAAS", "TZ-STAD", "TZ-NOORD", "TZ-HOEK", "TZ-KLAV", "TZ-WIJK", "VH-EIK"]
    multi(
        "NET-OUD",
        "network",
        [("ZG-MAAS", "lead")] + [(o, "member") for o in [*elderly, "VH-BERK", "NGO-OUD"]],
        "Netwerk Ouderenzorg Lindeweerd",
        ["independent_living", "right_care_right_place"],
        d("2020-06-01"),
    )
    recruit = ["ZG-MAAS", "TZ-MAAS", "TZ-STAD", "TZ-NOORD", "VH-EIK", "VH-BERK", "JZ-LINDE"]
    multi(
        "JR-ZORG",
        "joint_recruitment",
        [("REG-ZW", "lead")]
        + [(o, "member") for o in [*recruit, "GHZ-REIG", "GGZ-WEER", "ZH-GAST", "SCH-ROC"]],
        "Regionale wervingscampagne Werken in de Zorg",
        ["staff_retention"],
        d("2022-04-01"),
    )
    multi(
        "GR-GGD",
        "joint_venture",
        [("GGD-LW", "lead")] + [(g, "member") for g in gemeenten],
        "Gemeenschappelijke regeling GGD",
        ["prevention", "healthy_youth"],
        d("2010-01-01"),
    )
    multi(
        "GR-WERK",
        "joint_venture",
        [("WERK-LW", "lead")] + [(g, "member") for g in gemeenten],
        "Gemeenschappelijke regeling Werkbedrijf",
        ["labour_participation"],
        d("2016-01-01"),
    )
    b.add(
        Agreement(
            id="COV-WOON",
            type="covenant",
            parties=idlist("WON-STAD WON-ANKER WON-NOORD WON-KADE WON-VELD"),
            start=d("2020-01-01"),
            service="housing",
            phase="operation",
            governance="steering_group",
            shared_goals=["affordable_housing"],
            contacts=[b.staff.pick("WON-STAD"), b.staff.pick("WON-KADE")],
            evaluation_date=b.eval_date(),
            title="Regionale woonruimteverdeling en urgentie",
        )
    )
    b.add(
        Agreement(
            id="SSC-ZUID",
            type="shared_service",
            parties=["GEM-WIE", "GEM-ZAN", "GEM-HEE"],
            start=d("2018-01-01"),
            phase="operation",
            governance="joint_board",
            shared_goals=["cost_control"],
            contacts=[b.staff.pick("GEM-WIE"), b.staff.pick("GEM-HEE")],
            evaluation_date=b.eval_date(),
            title="Servicecentrum Zuid (ICT, HR, inkoop)",
        )
    )
    b.add(
        Agreement(
            id="GRANT-WERK",
            type="grant",
            roles=[("WERK-LW", "funder")]
            + [(e, "recipient") for e in ("EMP-LOG", "EMP-SUPER", "EMP-GROEN", "EMP-BOUW")],
            start=d("2025-01-01"),
            end=d("2027-12-31"),
            value=b.money(600_000, 900_000),
            service="wage_subsidy",
            contacts=[b.staff.pick("WERK-LW")],
            title="Regionaal werkbudget (loonkostensubsidie)",
        )
    )


# --------------------------------------------------------------------------------------------
# 4. Checks, facts and output
# --------------------------------------------------------------------------------------------


def chain(agreements: list[Agreement], src: str, tgt: str, service: str) -> list[Agreement]:
    """Market agreements of one buyer-supplier pair for one service, by start date."""
    rows = [
        a
        for a in agreements
        if a.source == src and a.target == tgt and a.service == service and a.form == MARKET
    ]
    return sorted(rows, key=lambda a: a.start or date.min)


def compute_facts(orgs: dict[str, Org], agreements: list[Agreement]) -> dict[str, Any]:
    """Every figure the README quotes, computed from the generated rows."""
    f: dict[str, Any] = {}
    sp = spend(agreements, AS_OF)
    f["spend"] = sp

    # Implicit ties: tenure, number of successive agreements, gaps, share, contacts, and the
    # contract's share of the supplier's revenue.
    imp = {}
    for key, pair in {
        "IMP-1": ("GEM-OOS", "JZ-LINDE", "youth_care"),
        "IMP-2": ("GEM-LIN", "COM-VERV", "wmo_transport"),
        "IMP-3": ("GEM-HOO", "JZ-SPEEL", "youth_care"),
    }.items():
        x = chain_facts(chain(agreements, *pair), pair, sp, orgs, AS_OF)
        revenue = orgs[pair[1]].revenue
        x["supplier_revenue_share"] = x["value"] / revenue if revenue else None
        imp[key] = x
    f["implicit"] = imp

    # Supplier concentration and single source.
    f["hhi"] = sorted(
        ((buyer, service, hhi(s), dict(s)) for (buyer, service), s in sp.items() if len(s) >= 2),
        key=lambda r: (-r[2], r[0], r[1]),
    )
    f["single_source"] = single_source(sp, orgs)

    f.update(contact_facts(agreements, AS_OF, DESIGNED_PEOPLE))
    f.update(expiry_facts(agreements, AS_OF, HORIZON_DAYS))
    f["background_chains"] = background_chains(agreements)
    f.update(cluster_facts(CLUSTERS, hybrid_partners(agreements, AS_OF)))
    f["under_organised"] = under_organised(agreements)
    f.update(structure_facts(orgs, agreements, AS_OF))

    # Paper consortium: other agreements between its members.
    members = set(PAPER_CONSORTIUM)
    f["paper_other"] = sorted(
        a.id for a in agreements if a.id != "CONS-SLIM" and len(members & set(a.members())) >= 2
    )

    # Merger and alliance candidates.
    def pair_stats(x: str, y: str) -> dict[str, object]:
        ox, oy = orgs[x], orgs[y]
        return {
            **pair_overlap(orgs, agreements, x, y),
            "regions": (ox.region, oy.region),
            "sizes": (ox.size, oy.size),
            "between": [
                a.id
                for a in agreements
                if a.status in ("active", "planned") and set(a.members()) == {x, y}
            ],
            "x_meets_y": sorted(set(ox.capabilities) & set(oy.needs)),
            "y_meets_x": sorted(set(oy.capabilities) & set(ox.needs)),
        }

    f["merger_candidate"] = pair_stats(*MERGER_CANDIDATE)
    f["alliance_candidate"] = pair_stats(*ALLIANCE_CANDIDATE)
    f["proposed_pair"] = pair_stats("WON-VELD", "WON-KADE")
    return f


def check_design(orgs: dict[str, Org], agreements: list[Agreement], f: dict[str, Any]) -> None:
    """Fail loudly if the data does not carry a designed feature (or breaks the format)."""
    check_format(orgs, agreements)
    check_background(f, MAX_BACKGROUND_CONTACT_USES)
    imp1, imp2 = f["implicit"]["IMP-1"], f["implicit"]["IMP-2"]
    assert len(imp1["ids"]) == 5 and imp1["gaps"] == [0] * 4 and len(imp1["contacts"]) == 1
    assert 0.88 <= imp1["share"] <= 0.92 and 8.9 <= imp1["years"] <= 9.1
    assert imp2["share"] == 1.0 and imp2["gaps"] == [0] * 3
    assert set(f["key_persons"]) == DESIGNED_PEOPLE - {KP_HOO}, f["key_persons"]
    assert [e for e in f["expiring_6m"] if not e[2]] == [
        ("EXP-BRE-SPORT", d("2026-08-31"), ""),
        ("EXP-GGD-LYC", d("2026-10-31"), ""),
        ("EXP-ZG-ECD", d("2026-11-30"), ""),
    ], f["expiring_6m"]
    assert f["expiring_6m"] == f["expiring_12m"], "background must not end within 12 months"
    assert [i for i, _ in f["under_organised"]] == ["UO-GAST-ZG", "UO-KADE-ZUID", "UO-NOORD-BUURT"]
    assert f["paper_other"] == [], f["paper_other"]
    assert f["live_components"] == 1 and not f["isolated_orgs"], f["isolated_orgs"]
    assert list(f["cut_vertices"]) == [CUT_VERTEX], f["cut_vertices"]
    assert f["cut_vertices"][CUT_VERTEX] == sorted(PERIPHERY)
    assert f["single_source"] == [
        ("GEM-HEE", "debt_counselling", "SHV-GELD"),
        ("GEM-LIN", "domestic_violence_services", "VT-LW"),
        ("GEM-LIN", "wmo_transport", "COM-VERV"),
        ("GGZ-WEER", "supported_housing", "WON-ANKER"),
        ("WON-ANKER", "mental_health", "GGZ-WEER"),
        ("ZG-MAAS", "facility_services", "COM-FAC"),
    ], f["single_source"]
    check_cluster_leads(f, CLUSTERS, margin=1)
    wie = dict(((b, s), h) for b, s, h, _ in f["hhi"])
    assert wie[("GEM-WIE", "home_care")] > 0.5 and wie[("GEM-LIN", "youth_care")] < 0.25


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------

META = dataset_meta(
    "zorgregio",
    "Zorgregio Lindeweerd (fictional care region)",
    AS_OF,
    "A fictional Dutch care region of 7 municipalities and their care, welfare, "
    "housing, education and labour-market partners, with known features built in "
    "for checking netorg's analyses.",
)


def render_readme(orgs: dict[str, Org], agreements: list[Agreement], f: dict[str, Any]) -> str:
    """README.md: what the dataset is and, with computed figures, what was built into it."""
    by_id = {a.id: a for a in agreements}
    statuses = Counter(a.status for a in agreements)
    out: list[str] = []
    w = out.append

    def name(oid: str) -> str:
        return org_label(orgs, oid)

    w("# Zorgregio Lindeweerd: a fictional example ecosystem\n")
    w(
        "**Everything here is fictional.** Zorgregio Lindeweerd, its seven municipalities, "
        "its care providers, housing corporations, schools, companies and every person named "
        "in `contacts` are invented; no real organisation or person is described. Any "
        "resemblance to a real one is accidental. Licence: "
        "[CC0-1.0](https://creativecommons.org/publicdomain/zero/1.0/) (public domain "
        "dedication): use it for anything, no attribution needed.\n"
    )
    w(
        "The dataset is netorg's bundled example (`netorg analyze --example zorgregio`). It is "
        "small enough to read and realistic enough to demonstrate every analysis, and it has "
        "known features built in so that the analyses can be checked against it.\n"
    )
    out += files_section(
        orgs,
        agreements,
        "Extra columns kept as attributes: `kvk_sbi` (SBI activity code) and `revenue` (annual "
        "revenue in euro, where known) in organisations; `contract_ref` (the buyer's contract "
        "number) and `title` in agreements. Multi-party agreements either list their parties "
        "in the `parties` column (`CONS-SLIM`, `COV-WOON`, `SSC-ZUID`) or in `parties.csv` "
        "with roles (all others).\n",
    )
    w("## How it was made\n")
    w(
        "`.venv/bin/python datasets/zorgregio/build.py` regenerates every file byte for byte; "
        "it uses the standard library and netorg's own vocabulary. The organisations are a "
        "table in the script; the designed features below are written out explicitly "
        "(`add_designed`); the background (municipal "
        "purchasing, company and insurer contracts, referrals, the hybrid ties inside each "
        f"cluster) is filled in with a seeded random generator (seed {SEED}). `check_design()` "
        "stops the build when the background spoils a designed feature, and every figure in "
        "this README is computed from the generated rows.\n"
    )
    w(
        f"**Reference date: `as_of` = {AS_OF.isoformat()}** (in `dataset.json`). Every "
        "statement below about live, expiring or ended agreements refers to it; run the "
        "analyses with `--as-of 2026-06-30` (or the dataset's own `as_of`) to reproduce them.\n"
    )
    # This README lists the statuses (`active` first) and the forms in alphabetical order.
    statuses_order = ["active", *sorted(s for s in STATUSES if s != "active")]
    forms_order = sorted((MARKET, HYBRID, HIERARCHY))
    out += glance_section(orgs, agreements, AS_OF, statuses_order, forms_order)
    out += definitions_section(AS_OF, "market")
    w("## What was built in\n")

    # 1 implicit ties
    w("### 1. Implicit supplier-style ties (market agreements that behave like alliances)\n")
    out += IMPLICIT_TABLE_HEAD
    for key, x in f["implicit"].items():
        src, tgt, service = x["pair"]
        w(
            f"| {key} | `{src}` -> `{tgt}` | {service} | {ids(x['ids'])} | "
            f"{x['first'].isoformat()} | {x['years']:.1f} | {x['gaps']} | "
            f"{pct(x['share'])} ({eur(x['value'])} of {eur(x['total'])}) | "
            f"{'; '.join(x['contacts'])} |"
        )
    i1, i2, i3 = (f["implicit"][k] for k in ("IMP-1", "IMP-2", "IMP-3"))
    w("")
    w(
        f"- **IMP-1** (the strongest): {name('GEM-OOS')} has bought youth care from "
        f"{name('JZ-LINDE')} through {len(i1['ids'])} successive `tender_award`s since "
        f"{i1['first'].isoformat()}, each starting the day after the previous ended, "
        f"{i1['years']:.1f} years by as_of; JZ-LINDE has {pct(i1['share'])} of the "
        f"municipality's live youth care spend ({len(i1['suppliers'])} live suppliers), youth_care "
        f"is in GEM-OOS's needs, and one person ({'; '.join(i1['contacts'])}) is the only "
        "contact on all five. It is meant to be classified `implicit`."
    )
    w(
        f"- **IMP-2**: {name('GEM-LIN')} -> {name('COM-VERV')}, Wmo transport, "
        f"{len(i2['ids'])} agreements ({', '.join(i2['types'])}) since "
        f"{i2['first'].isoformat()} without a gap, all `exclusive=true`, "
        f"{pct(i2['share'])} of the service (the only supplier), one contact "
        f"({'; '.join(i2['contacts'])}). Meant to be `implicit`."
    )
    rev = i3["supplier_revenue_share"]
    w(
        f"- **IMP-3** (borderline, supplier-side dependency): {name('GEM-HOO')} -> "
        f"{name('JZ-SPEEL')}, {len(i3['ids'])} successive service contracts since "
        f"{i3['first'].isoformat()}, one contact. For the buyer it is small "
        f"({pct(i3['share'])} of its youth care spend), but the contract is "
        f"{pct(rev or 0)} of the 15-FTE practice's `revenue` "
        f"({eur(orgs['JZ-SPEEL'].revenue or 0)})."
        " An analysis that weighs the supplier's revenue share should flag it; one that only "
        "looks at the buyer's share may not.\n"
    )
    bc = f["background_chains"]
    w(
        f"Background renewals: of the {bc['pairs']} background buyer-supplier-service "
        f"combinations in market agreements, {bc['renewed']} were renewed once (two "
        f"agreements; the longest background chain has {bc['longest']}), each pair carried by "
        f"at least {bc['min_contacts_renewed']} different people: ordinary renewals, not "
        "designed as implicit ties.\n"
    )

    # 2 plain market
    w("### 2. Plain market ties\n")
    out += plain_market_lines(by_id, ("PLAIN-1", "PLAIN-2", "PLAIN-3"))
    w(
        "\nMost background contracts with companies (ICT, cleaning, accounting, meals, "
        "staffing, ...) are plain market ties too.\n"
    )

    # 3 clusters
    w("### 3. Alliance clusters\n")
    w(
        "Four clusters were designed through dense hybrid ties (covenants, partnerships, "
        "referrals, networks). The lead leads the cluster's multi-party agreement and has "
        "the most hybrid partners inside the cluster (live hybrid agreements; runner-up in "
        "brackets). Community detection should recover the clusters roughly; organisations "
        "on the edges may land elsewhere.\n"
    )
    multi_of = {
        "youth": "`NET-JEUGD` Jeugdhulpnetwerk Lindeweerd",
        "elderly_home_care": "`NET-OUD` Netwerk Ouderenzorg Lindeweerd",
        "housing_debt": "`COV-VSIG` Convenant Vroegsignalering Schulden",
        "labour_education": "`GR-WERK` (with the municipalities) and `GRANT-WERK` (employers)",
    }
    out += cluster_lines(orgs, CLUSTERS, f, multi_of)
    w(
        cohesion_text(f)
        + ". The home care providers outside Midden (`TZ-NOORD`, `TZ-HOEK`, `TZ-KLAV`) also "
        "receive referrals from the GP practices of their sub-region, so community detection "
        "may group them with those practices rather than with the elderly-care core; the GP "
        "practices and municipalities belong to no designed cluster.\n"
    )
    w("Organisations meant to bridge (broker between) clusters:\n")
    for oid, what in BRIDGES.items():
        w(f"- {name(oid)}: {what}.")
    w(
        "\nThe municipalities are tied to each other through the GGD and Werkbedrijf joint "
        "arrangements (`GR-GGD`, `GR-WERK`: `joint_venture`, lead GGD-LW and WERK-LW), shared "
        "services (`SSC-ZUID` and two two-party ones) and the regional consortium, and to "
        "providers mostly through market agreements.\n"
    )

    # 4 consortia
    reg = by_id["CONS-REG"]
    w("### 4. Declared consortia\n")
    w(
        f"- `CONS-REG` Regionaal Zorgakkoord Lindeweerd: `consortium` with {len(reg.roles)} "
        "parties in `parties.csv`, lead `GEM-LIN` (lead-organisation governance), "
        "governance `joint_board`. It spans all four clusters, so it does not coincide with a "
        "de facto cluster."
    )
    w(
        f"- `CONS-SLIM` Consortium Slimme Zorg Thuis: `consortium` of {ids(PAPER_CONSORTIUM)} "
        "(listed in the `parties` column, no lead). Well organised on paper (goals, steering "
        "group, evaluation date), but **its members have no other agreement with each other** "
        f"(other agreements between two of them: {len(f['paper_other'])}). A declared "
        "consortium with no de facto collaboration behind it. (`GRANT-SLIM` funds it via "
        "SCH-HOG.)\n"
    )

    # 5 structure
    w("### 5. Single points of failure\n")
    cuts = f["cut_vertices"]
    for node, cut in cuts.items():
        w(
            f"- {name(node)} is the only articulation point of the graph of live agreements: "
            f"removing it cuts off {ids(cut)} (a village network in Heerwijck: volunteer "
            "centre, informal-care point, community centre, day activities), whose every tie "
            "runs through it."
        )
    w(connected_line(orgs, f))

    # 6 single source
    w("### 6. Single-source needs\n")
    w("Every buyer need with exactly one live market supplier:\n")
    w("| buyer | need | only supplier | designed as |\n| --- | --- | --- | --- |")
    why = {
        ("GEM-HEE", "debt_counselling"): "SS-1, `HEE-GELD-SHV`",
        ("GEM-LIN", "wmo_transport"): "part of IMP-2",
        ("GGZ-WEER", "supported_housing"): "alliance candidate (mutual dependency)",
        ("WON-ANKER", "mental_health"): "alliance candidate (mutual dependency)",
        ("GEM-LIN", "domestic_violence_services"): "realistic: one regional meldpunt",
        ("ZG-MAAS", "facility_services"): "in-house: its own subsidiary (`SUB-ZG-FAC`)",
    }
    for buyer, service, supplier in f["single_source"]:
        w(f"| `{buyer}` | {service} | `{supplier}` | {why.get((buyer, service), 'background')} |")
    w(
        "\nAfter `EXP-ZG-ECD` ends (2026-11-30) `ZG-MAAS` keeps a single ICT supplier "
        "(`COM-DATA`).\n"
    )

    # 7 concentration
    w("### 7. Supplier concentration (HHI of live spend per buyer and service)\n")
    w(
        "Designed: `GEM-OOS` youth_care (IMP-1) and `GEM-WIE` home_care (SC-1: `TZ-MAAS` "
        "holds 72% with no history, a concentrated but not an implicit tie). Designed as "
        "unconcentrated: `GEM-LIN` youth_care and home_care. All buyer-service pairs with "
        "two or more live suppliers:\n"
    )
    w("| buyer | service | suppliers | HHI | largest share |\n| --- | --- | ---: | ---: | --- |")
    out += hhi_rows(f["hhi"])
    w("")

    # 8 key persons
    w("### 8. Key persons\n")
    w(
        "Names in `contacts` of four or more agreements. Every other person appears on at "
        f"most {f['max_background_uses']} agreements.\n"
    )
    w("| person | agreements | live | sole contact on all | partners |")
    w("| --- | --- | ---: | --- | --- |")
    for p, x in f["key_persons"].items():
        w(
            f"| {p} | {ids(x['ids'])} | {len(x['live'])} | {'yes' if x['alone'] else 'no'} | "
            f"{len(x['partners'])} organisations |"
        )
    w(
        f"\n{KP_SW} (KP-SW) is the designed key person of `SW-LIN`: one coordinator carries "
        "its debt-signalling covenant, referral, two partnerships and a secondment. The other "
        "two are the single contacts of IMP-1 and IMP-2 (most of their agreements have ended, "
        f"so only the live one counts if an analysis looks at live agreements). {KP_HOO} "
        "(IMP-3) carries three.\n"
    )

    # 9 expiring
    w("### 9. Agreements expiring after as_of\n")
    out += expiring_lines(
        f, by_id, AS_OF, HORIZON_DAYS, lambda succ: f"yes (`{succ}`, {by_id[succ].status})"
    )
    same = f["expiring_12m"] == f["expiring_6m"]
    w(
        f"\n{'No other' if same else 'Other'} live agreements end within twelve months after "
        f"as_of; the next end date after that is {f['next_end_after_12m'].isoformat()}.\n"
    )

    # 10 under-organised
    w("### 10. Under-organised alliances\n")
    out += under_organised_lines(f, by_id)
    w("")

    # 11 ended
    e = by_id["END-ZAN-KOERS"]
    n_ended = statuses["ended"]
    w("### 11. Ended agreements\n")
    w(
        f"- `END-ZAN-KOERS`: {e.type} `{e.source}` -> `{e.target}`, youth care, "
        f"{iso(e.start)} to {iso(e.end)}, status `ended` (dissolved early), no successor."
    )
    w(
        f"- {n_ended} agreements are `ended` in total: `END-ZAN-KOERS`, the "
        f"{sum(a.status == 'ended' and a.feature.startswith('IMP') for a in agreements)} "
        "earlier links of the chains IMP-1..3, and earlier-period background contracts, each "
        "followed by a successor that starts the next day.\n"
    )

    # 12 mergers
    mc, ac, pp = f["merger_candidate"], f["alliance_candidate"], f["proposed_pair"]
    w("### 12. Mergers and alliances\n")
    w(
        "- **Proposed merger** `MRG-VELD-KADE`: `merger`, status `proposed`, "
        f"{name('WON-VELD')} and {name('WON-KADE')}, two small housing corporations in "
        f"{pp['regions'][0]} ({pp['sizes'][0]} and {pp['sizes'][1]} FTE, capability overlap "
        f"{pp['cap_jaccard']:.2f}, {len(pp['shared_partners'])} shared partners)."
    )
    w(
        "- **Declared hierarchy**: `OWN-ZG-TZ` (`ownership`: ZG-MAAS owns TZ-MAAS since "
        "2019) and `SUB-ZG-FAC` (`subsidiary`: ZG-MAAS's facility company COM-FAC)."
    )
    w(
        f"- **Candidate merger** (no merger on record): {name('TZ-HOEK')} and "
        f"{name('TZ-KLAV')}: near-substitute home care providers, both in {mc['regions'][0]}, "
        f"{mc['sizes'][0]} and {mc['sizes'][1]} FTE (TZ-HOEK too small to stand alone), "
        f"identical capabilities (overlap {mc['cap_jaccard']:.2f}), "
        f"{len(mc['shared_partners'])} shared partners (partner overlap "
        f"{mc['partner_jaccard']:.2f}: {ids(mc['shared_partners'])}), and they already share "
        f"their support functions: {ids(mc['between'])} (shared back office, joint "
        "recruitment). Meant to come out as recommendation `merger`."
    )
    w(
        f"- **Candidate alliance**: {name('GGZ-WEER')} and {name('WON-ANKER')}: complementary "
        f"(GGZ-WEER's capabilities meet WON-ANKER's needs: {', '.join(mc and ac['x_meets_y'])};"
        f" WON-ANKER's meet GGZ-WEER's: {', '.join(ac['y_meets_x'])}; capability overlap "
        f"{ac['cap_jaccard']:.2f}), different kinds of organisation and regions "
        f"({ac['regions'][0]} / {ac['regions'][1]}), already collaborating through "
        f"{len(ac['between'])} separate agreements ({ids(ac['between'])}: lease, service "
        "contract, secondment, referral) without an umbrella agreement. Meant to come out as "
        "recommendation `alliance` (e.g. a joint venture or shared service for supported "
        "housing).\n"
    )

    # 13 planned
    w("### 13. Planned agreements\n")
    for a in agreements:
        if a.status == "planned":
            w(
                f"- `{a.id}`: {a.type} {ids(a.members())}, starts {iso(a.start)}"
                + (f" ('{a.title}')" if a.title else "")
                + "."
            )
    w("")
    out += LICENCE
    return "\n".join(out)


def build() -> tuple[dict[str, Org], list[Agreement]]:
    """Generate the organisations and agreements (deterministic)."""
    orgs = parse_organisations(ORGANISATIONS, PROFILES, REGIONS, EXTRA_TAGS, EMPLOYER_SBI)
    staff = Staff(
        random.Random(SEED), FIRST_NAMES, LAST_NAMES, DESIGNED_PEOPLE, MAX_BACKGROUND_CONTACT_USES
    )
    b = LindeweerdBuilder(orgs, staff)
    add_designed(b)
    add_municipal_purchasing(b)
    add_subsidies(b)
    add_company_contracts(b)
    add_insurer_and_gp_contracts(b)
    add_referrals(b)
    add_cluster_ties(b)
    add_multi_party(b)
    # Municipal needs are the services they buy (PURCHASES plus the designed contracts).
    for a in b.agreements:
        o = orgs[a.source] if a.source else None
        if (
            o
            and o.type == "municipality"
            and a.service in SERVICE_TYPE
            and a.service not in o.needs
        ):
            o.needs.append(a.service)
    return orgs, b.agreements


def main() -> None:
    """Build, check, and write the files and the README."""
    orgs, agreements = build()
    facts = compute_facts(orgs, agreements)
    check_design(orgs, agreements, facts)
    readme = render_readme(orgs, agreements, facts)
    write_dataset(HERE, orgs, agreements, ORG_COLUMNS, META, readme)


if __name__ == "__main__":
    main()
