from db.database import open_database
from workbench.case import ClaimantTerm, CredentialForm
from workbench.profile import Profile, load_profile, save_profile
from workbench.store import CaseStore


def test_profile_defaults_round_trip_and_new_cases(tmp_path):
    path = str(tmp_path / "cases.sqlite3")
    database = open_database(path)
    assert load_profile(database).organization == "MAXIMUS Federal Services"
    save_profile(database, Profile(
        organization="Example Review Services", organization_short="ERS",
        credential_form=CredentialForm.SENTENCE, certifications=["Orthopedic Surgery"],
        licensure_states=["California", "Texas"], claimant_term=ClaimantTerm.APPLICANT))
    profile = load_profile(open_database(path))
    assert profile.organization_short == "ERS"
    assert profile.licensure_states == ["California", "Texas"]
    case_id = CaseStore(database).add(profile.new_case(case_number="CM26-0000042"))
    case = CaseStore(database).get(case_id)
    assert case.organization == "Example Review Services"
    assert case.claimant_term is ClaimantTerm.APPLICANT
    assert case.credentials.form is CredentialForm.SENTENCE
    assert case.credentials.certifications == ["Orthopedic Surgery"]


def test_unreadable_profile_values_fall_back(tmp_path):
    from db.models import WorkbenchSettingRow

    database = open_database(str(tmp_path / "cases.sqlite3"))
    with database.session() as session, session.begin():
        session.merge(WorkbenchSettingRow(
            name="reviewer_profile",
            value='{"claimant_term": "nobody", "certifications": ["A"], "colour": 3}'))
    profile = load_profile(database)
    assert profile.claimant_term is ClaimantTerm.PATIENT and profile.certifications == ["A"]
