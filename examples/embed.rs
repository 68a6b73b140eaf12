//! Embedding the roster library in another service: load a scenario, solve it with a time
//! limit, verify the roster with the independent checker, and read the key figures and the
//! reasons vacancies went to the agency.
//!
//! Run: `cargo run --release --example embed -- fixtures/sample-pool.json`

use roster::roster::AgencyReason;
use roster::{check, load_instance, solve, SolveOptions};
use std::process::ExitCode;

fn main() -> ExitCode {
    let path = std::env::args().nth(1).unwrap_or_else(|| "fixtures/sample-pool.json".into());
    let instance = match load_instance(path.as_ref()) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let options = SolveOptions { time_limit: Some(60.0), ..SolveOptions::default() };
    let outcome = match solve(&instance, &options) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(3);
        }
    };
    let violations = check(&instance, &outcome.roster);
    assert!(violations.is_empty(), "the checker rejected the solver's roster: {violations:?}");

    let r = &outcome.report;
    println!(
        "status {:?}, agency cost {:.2} (bound {:.2}, gap {:.4}%), {:.2} s",
        r.status,
        r.objective,
        r.best_bound,
        100.0 * r.gap,
        r.seconds
    );
    if let Some(kpi) = &outcome.roster.kpi {
        println!(
            "vacancy hours {:.1}: pool {:.1} ({:.1}%), agency {:.1}",
            kpi.vacancy_hours,
            kpi.pool_hours,
            100.0 * kpi.fill_rate,
            kpi.agency_hours
        );
    }
    for shift in outcome.roster.agency.iter().take(5) {
        let why = match &shift.reason {
            AgencyReason::NoCompetence => "nobody holds the competence".to_string(),
            AgencyReason::NotIntroduced { .. } => "nobody qualified is introduced to the unit".to_string(),
            AgencyReason::Unavailable { staff } => format!("{} qualified staff unavailable", staff.len()),
            AgencyReason::Blocked { staff, cheaper_overall } => {
                format!(
                    "{} candidates blocked by rules{}",
                    staff.len(),
                    if *cheaper_overall { " (cheaper overall)" } else { "" }
                )
            }
            AgencyReason::NotEnoughCandidates { assigned } => {
                format!("all {} candidates already work it", assigned.len())
            }
            AgencyReason::NotProven { .. } => "not proven uncoverable (time limit)".to_string(),
            AgencyReason::NotAnalysed { candidates } => {
                format!("not analysed in the time limit ({} candidates)", candidates.len())
            }
        };
        println!("agency: {} {} {}: {why}", shift.vacancy, shift.unit, shift.start);
    }
    ExitCode::SUCCESS
}
