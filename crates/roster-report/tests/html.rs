//! The HTML report on `fixtures/tiny.json`, whose optimum is worked out by hand in
//! `fixtures/README.md`: Anna takes the Monday night (10 h), Erik the Wednesday IVA day
//! (8.5 h), and 26.5 of the 45 vacancy hours go to the agency.

mod common;

use common::{fixture_json, hand_roster, instance_of, solve_checked};
use roster_report::html::report;

/// The optimum of tiny.json, written by hand (no solve report).
fn optimum() -> roster::Roster {
    hand_roster(&[("med-mon-natt-ssk", "anna"), ("iva-wed-dag-usk", "erik")])
}

#[test]
fn solved_tiny_roster_shows_the_hand_worked_figures() {
    let instance = instance_of(&fixture_json("tiny.json"));
    let roster = solve_checked(&instance, None);
    let page = report(&instance, &roster).expect("report");

    // Key figures: 45 vacancy hours, 18.5 by the pool (41.1%), 26.5 to the agency at price 1.
    for (id, label, value) in [
        ("vacancy-hours", "Vacancy hours", "45"),
        ("pool-hours", "Covered by pool", "18.5"),
        ("agency-hours", "Agency hours", "26.5"),
        ("agency-cost", "Agency cost", "26.5"),
        ("fill-rate", "Fill rate", "41.1%"),
        ("status", "Solve status", "optimal"),
        ("verdict", "Checker", "clean"),
    ] {
        let card = format!("id=\"kpi-{id}\"><div class=\"label\">{label}</div><div class=\"value\">{value}</div>");
        assert!(page.contains(&card), "missing {card}");
    }
    assert!(page.contains("Clean: the independent checker finds no broken hard rule."));

    // The grid: Anna works the Monday night at lund-med (unit 0), Erik the Wednesday day at lund-iva (unit 1).
    assert!(page.contains(
        "<tr><th class=\"who\" title=\"Anna Andersson\">anna<i>Anna Andersson</i></th>\
         <td class=\"u0\" title=\"med-mon-natt-ssk at lund-med: 2026-01-12T21:15+01:00 to 2026-01-13T07:15+01:00, 10 h\">\
         21:15<i>lund-med</i></td><td></td><td></td></tr>"
    ));
    assert!(page.contains(
        "<tr><th class=\"who\" title=\"Erik Nilsson\">erik<i>Erik Nilsson</i></th><td></td><td></td>\
         <td class=\"u1\" title=\"iva-wed-dag-usk at lund-iva: 2026-01-14T07:00+01:00 to 2026-01-14T16:00+01:00, 8.5 h\">\
         07:00<i>lund-iva</i></td></tr>"
    ));
    assert_eq!(page.matches("<table id=\"roster-grid\"").count(), 1);

    // Hours against contract: 38.25 h x 3/7 = 16.39 for Anna, 0.75 x 40 h x 3/7 = 12.86 for Erik.
    assert!(page.contains("<tr><td>anna</td><td>Anna Andersson</td><td class=\"n\">10</td><td class=\"n\">0</td><td class=\"n\">16.39</td><td class=\"n\">-6.39</td>"));
    assert!(page.contains("<tr><td>erik</td><td>Erik Nilsson</td><td class=\"n\">8.5</td><td class=\"n\">0</td><td class=\"n\">12.86</td><td class=\"n\">-4.36</td>"));

    // Heat map: lund-med Monday needs 18.5 h, the pool covers 10 (54%: h2), 8.5 left;
    // lund-iva Tuesday 10 h all to the agency (h0); lund-iva Wednesday fully covered (h4).
    assert!(page.contains(
        "<td class=\"h2\" title=\"lund-med 2026-01-12: 18.5 h needed, 10 h by the pool, 8.5 h to the agency\">8.5</td>"
    ));
    assert!(page.contains(
        "<td class=\"h0\" title=\"lund-iva 2026-01-13: 10 h needed, 0 h by the pool, 10 h to the agency\">10</td>"
    ));
    assert!(page.contains(
        "<td class=\"h4\" title=\"lund-iva 2026-01-14: 8.5 h needed, 8.5 h by the pool, 0 h to the agency\"></td>"
    ));

    // Bar charts: by competence ssk 8.5, usk 8, iva-ssk 10; by unit lund-med 16.5, lund-iva 10.
    assert!(page.contains("<svg id=\"agency-by-competence\" class=\"chart\""));
    assert!(page.contains("<svg id=\"agency-by-unit\" class=\"chart\""));
    for (name, hours) in [
        ("Sjuksköterska (registered nurse)", "8.5"),
        ("Undersköterska (assistant nurse)", "8"),
        ("Intensivvårdssjuksköterska (intensive-care nurse)", "10"),
        ("Medicinavdelning", "16.5"),
        ("IVA (intensivvårdsavdelning)", "10"),
    ] {
        assert!(page.contains(&format!("<g><title>{name}: {hours} h</title>")), "no bar {name} {hours}");
    }

    // Agency list: three lines with the solver's reasons.
    assert!(page.contains("Vacancies left to the agency (3)"));
    assert!(page.contains("<tr><td>iva-tue-natt-iva-ssk</td><td>lund-iva</td><td>iva-ssk</td><td>2026-01-13T21:15+01:00</td><td>2026-01-14T07:15+01:00</td><td class=\"n\">1</td><td class=\"n\">10</td><td class=\"n\">10</td><td>no_competence</td><td>Nobody in the pool holds the competence or a substitute for it.</td></tr>"));
    for vacancy in ["med-mon-dag-ssk", "med-tue-kvall-usk"] {
        let start = format!("<tr><td>{vacancy}</td>");
        let row = page.split(start.as_str()).nth(1).expect("agency row").split("</tr>").next().expect("row");
        assert!(row.contains("<td>blocked</td>"), "{vacancy}: {row}");
    }
    // The Tuesday evening is blocked for Erik by the rest before his Wednesday day.
    let kvall = page.split("<tr><td>med-tue-kvall-usk</td>").nth(1).expect("row").split("</tr>").next().expect("row");
    assert!(kvall.contains("Each candidate would break a rule: erik [min_rest]."), "{kvall}");
    assert!(kvall.contains("<details><summary>details</summary><ul><li>erik: "), "{kvall}");
}

#[test]
fn hand_written_roster_has_unknown_status_and_recomputed_figures() {
    let instance = instance_of(&fixture_json("tiny.json"));
    let page = report(&instance, &optimum()).expect("report");
    assert!(
        page.contains("id=\"kpi-status\"><div class=\"label\">Solve status</div><div class=\"value\">unknown</div>")
    );
    assert!(page.contains("hand-written roster: no solve report; figures recomputed from the assignments"));
    assert!(
        page.contains("id=\"kpi-agency-hours\"><div class=\"label\">Agency hours</div><div class=\"value\">26.5</div>")
    );
    assert!(page.contains("these reasons were worked out here from the assignments"));
    assert!(page.contains("<td>no_competence</td>"));
    assert_eq!(page.matches("<td>blocked</td>").count(), 2);
}

#[test]
fn a_broken_rule_is_shown_with_its_staff_member() {
    let instance = instance_of(&fixture_json("tiny.json"));
    // Erik works Tuesday evening until 21:30 and Wednesday from 07:00: 9.5 h of rest, 11 required.
    let roster =
        hand_roster(&[("med-mon-natt-ssk", "anna"), ("med-tue-kvall-usk", "erik"), ("iva-wed-dag-usk", "erik")]);
    let page = report(&instance, &roster).expect("report");
    assert!(
        page.contains("id=\"kpi-verdict\"><div class=\"label\">Checker</div><div class=\"value\">1 violation</div>")
    );
    assert!(page.contains("The roster breaks hard rules: 1 violation."));
    assert!(
        page.contains("<tr><td>min_rest</td><td>erik</td><td>med-tue-kvall-usk, iva-wed-dag-usk</td>"),
        "violation row"
    );
    assert!(page.contains("erik<span class=\"flag\">!</span>"));
    assert!(!page.contains("anna<span class=\"flag\">"));
}

#[test]
fn every_string_from_the_input_is_escaped() {
    let mut json = fixture_json("tiny.json");
    json["name"] = "Pool <b>bold</b>".into();
    json["staff"][0]["name"] = "Anna <script>alert(\"x\")</script> & Co".into();
    json["sites"][0]["units"][0]["name"] = "Med<img src=x onerror=alert(1)>".into();
    json["staff"][1]["id"] = "erik\"><i>".into();
    json["vacancies"][4]["id"] = "v<1>".into();
    let instance = instance_of(&json);
    let roster = hand_roster(&[("med-mon-natt-ssk", "anna"), ("v<1>", "erik\"><i>")]);
    let page = report(&instance, &roster).expect("report");
    assert_eq!(page.matches("<script").count(), 1, "only the page's own script");
    assert!(!page.contains("<img"));
    assert!(!page.contains("<b>bold"));
    assert!(!page.contains("erik\">"));
    assert!(!page.contains("v<1>"));
    assert!(page.contains("Anna &lt;script&gt;alert(&quot;x&quot;)&lt;&#x2F;script&gt; &amp; Co"));
    assert!(page.contains("<title>Roster report: Pool &lt;b&gt;bold&lt;&#x2F;b&gt;</title>"));
    assert!(page.contains("v&lt;1&gt;"));
}

#[test]
fn a_roster_of_another_scenario_is_refused_with_json_paths() {
    let instance = instance_of(&fixture_json("tiny.json"));
    let roster = hand_roster(&[("no-such-shift", "anna"), ("med-mon-natt-ssk", "zed")]);
    let err = report(&instance, &roster).expect_err("mismatch");
    let text = err.to_string();
    assert_eq!(err.errors.len(), 2, "{text}");
    assert!(text.contains("assignments[0].vacancy: unknown vacancy id \"no-such-shift\""), "{text}");
    assert!(text.contains("assignments[1].staff: unknown staff id \"zed\" (the scenario has: anna, erik)"), "{text}");

    let mut named = optimum();
    named.scenario = "another pool".into();
    let text = report(&instance, &named).expect_err("other scenario").to_string();
    assert!(text.contains("scenario: the roster was made for scenario \"another pool\""), "{text}");
}
