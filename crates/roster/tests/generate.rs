//! The scenario generator and the committed fixtures built from it or written by hand.
//!
//! `fixtures/sample-pool.json` must equal a fresh `generate(&GenerateOptions::default())`;
//! after a deliberate change to the generator, rewrite it with
//! `ROSTER_UPDATE_FIXTURES=1 cargo test -p roster --test generate`.

use chrono::{Datelike, NaiveDate, Weekday};
use roster::error::LoadError;
use roster::generate::{generate, GenerateOptions};
use roster::model::{Instance, Shift};
use roster::time::HOUR;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant as Clock;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name)
}

fn pretty(options: &GenerateOptions) -> String {
    serde_json::to_string_pretty(&generate(options)).unwrap() + "\n"
}

fn instance(options: &GenerateOptions) -> Instance {
    let scenario = generate(options);
    Instance::from_scenario(&scenario).unwrap_or_else(|errors| {
        panic!("{options:?} does not validate:\n{}", errors.iter().map(|e| format!("  {e}\n")).collect::<String>())
    })
}

fn paid_hours(instance: &Instance) -> f64 {
    instance.vacancies.iter().map(|v| v.shift.paid_hours * f64::from(v.headcount)).sum()
}

#[test]
fn sample_pool_fixture_is_reproducible() {
    let path = fixture("sample-pool.json");
    let fresh = pretty(&GenerateOptions::default());
    if std::env::var_os("ROSTER_UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default().replace("\r\n", "\n");
    assert!(
        committed == fresh,
        "{} differs from generate(&GenerateOptions::default()); if the generator changed on purpose, \
         rewrite it with ROSTER_UPDATE_FIXTURES=1 cargo test -p roster --test generate",
        path.display()
    );
    // And it reads back through the ordinary loader.
    roster::load_instance(&path).unwrap();
}

#[test]
fn sample_pool_has_the_documented_shape() {
    let options = GenerateOptions::default();
    let scenario = generate(&options);
    let inst = instance(&options);
    assert!((35..=45).contains(&inst.staff.len()), "{} staff", inst.staff.len());
    assert_eq!(inst.units.len(), 8);
    assert_eq!(inst.sites.len(), 3);
    assert_eq!(inst.days, 28);
    assert_eq!(inst.start_date.weekday(), Weekday::Mon);
    assert!((500..=700).contains(&inst.vacancies.len()), "{} vacancies", inst.vacancies.len());
    assert_eq!(scenario.time_zone, "Europe/Stockholm");
    assert_eq!(scenario.rules.preset.as_deref(), Some("se-atl"));
    for m in &inst.staff {
        assert_eq!(m.rules.max_consecutive_days, Some(6));
        assert_eq!(m.rules.max_consecutive_nights, Some(4));
        assert_eq!(m.rules.max_weekends, Some(2));
        assert_eq!(m.rules.min_rest_hours, Some(11.0));
    }

    // Competence mix: 40 % ssk, 15 % iva-ssk, 10 % anest-ssk, 35 % usk, a few with two.
    let holders = |id: &str| scenario.staff.iter().filter(|s| s.competences.iter().any(|c| c == id)).count();
    assert_eq!((holders("ssk"), holders("usk")), (16, 14));
    assert!(holders("iva-ssk") >= 6 && holders("anest-ssk") >= 4);
    assert!(scenario.staff.iter().any(|s| s.competences.len() == 2));
    // Every unit needs somebody, and everybody is introduced to at least two units.
    for m in &inst.staff {
        assert!(m.introduced.iter().filter(|&&i| i).count() >= 2, "{} introduced to too few units", m.id);
    }
    let names: BTreeSet<&str> = scenario.staff.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names.len(), scenario.staff.len(), "staff names repeat");
    // Leave, training, bookings (some before the horizon) and preferences are all present.
    let reasons: BTreeSet<&str> =
        scenario.staff.iter().flat_map(|s| s.unavailable.iter().map(|a| a.reason.as_str())).collect();
    assert_eq!(reasons, BTreeSet::from(["semester", "utbildning"]));
    assert!(inst.staff.iter().filter(|m| !m.bookings.is_empty()).count() >= 8);
    assert!(inst.staff.iter().flat_map(|m| &m.bookings).any(|b| b.shift.day < 0));
    assert!(inst.staff.iter().any(|m| !m.preferences.is_empty()));
    // Specialist units need specialists; IVA nights matter more; some shifts need two people.
    for v in &inst.vacancies {
        let unit = &inst.units[v.unit].id;
        let competence = inst.competences[v.competence].id.as_str();
        if unit.ends_with("-iva") {
            assert!(matches!(competence, "iva-ssk" | "usk"), "{}", v.id);
        } else if unit.ends_with("-op") {
            assert!(matches!(competence, "anest-ssk" | "usk"), "{}", v.id);
        } else {
            assert!(matches!(competence, "ssk" | "usk"), "{}", v.id);
        }
    }
    assert!(inst.vacancies.iter().any(|v| v.headcount == 2));
    assert!(inst.vacancies.iter().any(|v| v.priority == 1.5));

    // The autumn DST night lasts 11 hours, every other night 10.
    for v in inst.vacancies.iter().filter(|v| v.id.contains("-natt-")) {
        let expected = if v.id.contains("-2026-10-24-") { 11.0 } else { 10.0 };
        assert_eq!(v.shift.paid_hours, expected, "{}", v.id);
    }
    let ids: BTreeSet<&str> = inst.vacancies.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids.len(), inst.vacancies.len());
    assert!(ids.iter().any(|id| id.contains("-2026-10-24-natt-")));
}

/// Prints the figures quoted in the docs: `cargo test -p roster --test generate -- --nocapture`.
#[test]
fn sample_pool_statistics() {
    let inst = instance(&GenerateOptions::default());
    let contract: f64 = inst.staff.iter().map(|m| inst.contract_hours(m)).sum();
    let caps: f64 = inst.staff.iter().map(|m| inst.hour_caps(m).iter().map(|c| c.2).sum::<f64>()).sum();
    let booked: f64 =
        inst.staff.iter().flat_map(|m| &m.bookings).filter(|b| b.shift.day >= 0).map(|b| b.shift.paid_hours).sum();
    let shifts: u32 = inst.vacancies.iter().map(|v| v.headcount).sum();
    println!(
        "staff {}, sites {}, units {}, vacancies {} ({} person-shifts), vacancy hours {:.1}, \
         pool contract hours {:.1}, contract + overtime caps {:.1}, booked hours in horizon {:.1}",
        inst.staff.len(),
        inst.sites.len(),
        inst.units.len(),
        inst.vacancies.len(),
        shifts,
        paid_hours(&inst),
        contract,
        caps,
        booked
    );
    for (c, comp) in inst.competences.iter().enumerate() {
        let hours: f64 = inst
            .vacancies
            .iter()
            .filter(|v| v.competence == c)
            .map(|v| v.shift.paid_hours * f64::from(v.headcount))
            .sum();
        let holders = inst.staff.iter().filter(|m| m.competences.contains(&c)).count();
        println!("  {}: {hours:.1} vacancy hours, {holders} holders", comp.id);
    }
}

#[test]
fn same_options_same_scenario_and_seeds_differ() {
    let options = GenerateOptions::default();
    assert_eq!(pretty(&options), pretty(&options));
    let other = GenerateOptions { seed: 2, ..options.clone() };
    assert_ne!(pretty(&options), pretty(&other));
    // Another seed keeps the shape.
    let inst = instance(&other);
    assert_eq!((inst.units.len(), inst.sites.len(), inst.days), (8, 3, 28));
}

#[test]
fn eight_hundred_staff_generate_quickly_and_validate() {
    let options = GenerateOptions { staff: 800, ..GenerateOptions::default() };
    let clock = Clock::now();
    let scenario = generate(&options);
    let elapsed = clock.elapsed();
    assert!(elapsed.as_secs_f64() < 1.0, "generating 800 staff took {elapsed:?}");
    assert_eq!(scenario.staff.len(), 800);
    assert_eq!(scenario.sites.len(), 4);
    let inst = Instance::from_scenario(&scenario).unwrap();
    assert_eq!(inst.units.len(), 160);
    assert!(inst.vacancies.len() > 10_000);
}

#[test]
fn other_sizes_validate() {
    for (staff, weeks) in [(0, 1), (1, 1), (3, 2), (7, 3), (12, 1), (60, 4), (61, 6), (150, 8)] {
        for seed in [1, 7] {
            let options = GenerateOptions { staff, weeks, seed, ..GenerateOptions::default() };
            let inst = instance(&options);
            assert_eq!(inst.staff.len(), staff);
            assert_eq!(inst.days, 7 * i64::from(weeks));
            assert_eq!(inst.sites.len(), if staff <= 60 { 3 } else { 4 }.min(inst.units.len()));
            assert!(inst.staff.iter().all(|m| m.rules.max_weekends == Some(weeks.div_ceil(2))));
        }
    }
}

fn overlaps(shift: &Shift, start: i64, end: i64) -> bool {
    shift.start < end && start < shift.end
}

/// Bookings are fixed: they must break no rule on their own, or no roster could be valid.
#[test]
fn generated_bookings_break_no_rule() {
    for (staff, weeks, seed) in [(40, 4, 1), (40, 4, 2), (40, 4, 3), (200, 4, 4), (100, 2, 5), (30, 1, 6)] {
        let options = GenerateOptions { staff, weeks, seed, ..GenerateOptions::default() };
        let inst = instance(&options);
        let mut any = 0;
        for m in &inst.staff {
            let b = &m.bookings;
            any += b.len();
            assert!(b.len() <= 4, "{}", m.id);
            for (i, x) in b.iter().enumerate() {
                for a in &m.unavailable {
                    assert!(!overlaps(&x.shift, a.start, a.end), "{} booking {} meets {}", m.id, i, a.reason);
                }
                for y in &b[i + 1..] {
                    assert_ne!(x.shift.day, y.shift.day, "{}: two bookings on one day", m.id);
                    assert!(y.shift.start - x.shift.end >= 11 * HOUR, "{}: less than 11 h rest", m.id);
                }
                if x.shift.day < 0 {
                    assert_eq!(x.shift.weekend, None, "{}: booking before the horizon touches a weekend", m.id);
                }
            }
            let weekends: BTreeSet<i64> = b.iter().filter_map(|x| x.shift.weekend).collect();
            assert!(weekends.len() as u32 <= m.rules.max_weekends.unwrap(), "{}", m.id);
            // 36 h continuous rest in every 7-day period from the horizon start (and the week before).
            for week in -1..inst.weeks() {
                let (from, to) = (inst.day_start(7 * week), inst.day_start(7 * week + 7));
                let mut free_since = from;
                let mut longest = 0;
                for x in b.iter().filter(|x| overlaps(&x.shift, from, to)) {
                    longest = longest.max(x.shift.start - free_since);
                    free_since = free_since.max(x.shift.end);
                }
                longest = longest.max(to - free_since);
                assert!(longest >= 36 * HOUR, "{}: no weekly rest in week {week}", m.id);
            }
        }
        assert!(any > 0);
    }
}

#[test]
fn tiny_fixture_is_what_its_name_says() {
    let inst = roster::load_instance(&fixture("tiny.json")).unwrap();
    assert_eq!(
        (inst.staff.len(), inst.sites.len(), inst.units.len(), inst.days, inst.vacancies.len()),
        (2, 1, 2, 3, 5)
    );
    // Total demand 45 h. Optimum: Anna (ssk, lund-med) may take med-mon-dag-ssk (8.5 h) or
    // med-mon-natt-ssk (10 h) but not both (one shift a day, 5.25 h rest), so the night. Erik
    // (usk, both units) may take med-tue-kvall-usk (8 h) or iva-wed-dag-usk (8.5 h) but not both
    // (21:30 to 07:00 is 9.5 h of rest), so the day. Nobody holds iva-ssk, so
    // iva-tue-natt-iva-ssk (10 h) goes to the agency. Agency: 8.5 + 8 + 10 = 26.5 h, which is
    // also the objective (all prices and priorities 1).
    let hours = |id: &str| inst.vacancies.iter().find(|v| v.id == id).unwrap().shift.paid_hours;
    assert_eq!(paid_hours(&inst), 45.0);
    assert_eq!((hours("med-mon-dag-ssk"), hours("med-mon-natt-ssk")), (8.5, 10.0));
    assert_eq!((hours("med-tue-kvall-usk"), hours("iva-wed-dag-usk")), (8.0, 8.5));
    assert_eq!(hours("iva-tue-natt-iva-ssk"), 10.0);
    let iva = inst.competence_index("iva-ssk").unwrap();
    assert!(inst.staff.iter().all(|m| !m.competences.contains(&iva)));
    let shift = |id: &str| inst.vacancies.iter().find(|v| v.id == id).unwrap().shift;
    assert_eq!(shift("iva-wed-dag-usk").start - shift("med-tue-kvall-usk").end, 9 * HOUR + HOUR / 2);
    assert_eq!(shift("med-mon-dag-ssk").day, shift("med-mon-natt-ssk").day);
    let caps = |i: usize| inst.hour_caps(&inst.staff[i]).iter().map(|c| c.2).fold(f64::INFINITY, f64::min);
    assert!(caps(0) > 10.0 && caps(1) > 8.5);
    assert!(inst.name.contains("26.5 agency hours"));
}

#[test]
fn dst_fixtures_have_real_elapsed_hours() {
    let autumn = roster::load_instance(&fixture("dst-autumn.json")).unwrap();
    let night = &autumn.vacancies[0];
    assert_eq!(night.shift.paid_hours, 11.0);
    assert!(night.shift.paid_hours > autumn.staff[0].max_hours.unwrap(), "must not be coverable");
    assert_eq!(autumn.start_date, NaiveDate::from_ymd_opt(2026, 10, 19).unwrap());

    let spring = roster::load_instance(&fixture("dst-spring.json")).unwrap();
    let night = &spring.vacancies[0];
    assert_eq!(night.shift.paid_hours, 9.0);
    assert!(night.shift.paid_hours <= spring.staff[0].max_hours.unwrap(), "must be coverable");
    for inst in [&autumn, &spring] {
        assert_eq!(inst.staff.len(), 1);
        assert_eq!(inst.vacancies.len(), 1);
        assert!(inst.staff[0].introduced[inst.vacancies[0].unit]);
        assert!(inst.staff[0].competences.contains(&inst.vacancies[0].competence));
        let cap = inst
            .hour_caps(&inst.staff[0])
            .iter()
            .filter(|c| c.2 != inst.staff[0].max_hours.unwrap())
            .map(|c| c.2)
            .fold(f64::INFINITY, f64::min);
        assert!(cap > 11.0, "only max_hours may decide");
    }
}

/// Each file in fixtures/bad has exactly the one defect fixtures/bad/README.md lists.
#[test]
fn bad_fixtures_each_have_their_one_defect() {
    for (file, path) in [
        ("unknown-unit.json", "vacancies[0].unit"),
        ("duplicate-staff.json", "staff[1].id"),
        ("end-before-start.json", "vacancies[0].end"),
        ("outside-horizon.json", "vacancies[0].start"),
        ("negative-hours.json", "staff[0].contract.hours_per_week"),
        ("unknown-zone.json", "time_zone"),
    ] {
        match roster::load_instance(&fixture(&format!("bad/{file}"))) {
            Err(LoadError::Invalid { errors, .. }) => {
                assert_eq!(errors.len(), 1, "{file}: {errors:?}");
                assert_eq!(errors[0].path, path, "{file}: {}", errors[0]);
            }
            other => panic!("{file}: expected one validation error at {path}, got {other:?}"),
        }
    }
    match roster::load_scenario(&fixture("bad/malformed.json")) {
        Err(LoadError::Syntax { line, .. }) => assert_eq!(line, 5),
        other => panic!("malformed.json: expected a syntax error on line 5, got {other:?}"),
    }
    // The bookings break the 11 h rest rule. Whether loading reports it (at staff[0].bookings[1])
    // or a later stage does, the defect itself must be there and be the only one.
    match roster::load_instance(&fixture("bad/booking-breaks-rest.json")) {
        Ok(inst) => {
            let b = &inst.staff[0].bookings;
            assert_eq!(b[1].shift.start - b[0].shift.end, 8 * HOUR);
        }
        Err(LoadError::Invalid { errors, .. }) => {
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(errors[0].path.starts_with("staff[0].bookings[1]"), "{}", errors[0]);
        }
        Err(e) => panic!("booking-breaks-rest.json: {e}"),
    }
}
