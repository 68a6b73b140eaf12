//! The report in a real browser: headless Chromium renders a report of a solved generated pool
//! (15 staff, 2 weeks); the dumped DOM must hold the grid and both SVG charts, the page's own
//! script must have run to its end (`data-report="ready"`), and Chromium must log no console
//! message at all (our page logs nothing, so any is an error). A screenshot is taken too; with
//! `ROSTER_UPDATE_DOCS=1` it replaces `docs/report.png`, the one the README shows.
//! The what-if page of the hand-worked sweep (`whatif-three-shifts.json`), and a report with a
//! what-if section, are rendered the same way: script finished, table rows and charts counted by
//! the page, no console message; `ROSTER_UPDATE_DOCS=1` also replaces `docs/whatif.png`.
//!
//! Needs Chromium (Debian: `apt-get install -y chromium chromium-driver`; `.ci/run` installs
//! it). Without it the test fails and says so. `ROSTER_CHROMIUM` names another binary.

mod common;

use common::{instance_of, solve_checked};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The Chromium binary, or a failure saying what to install.
fn chromium() -> PathBuf {
    if let Ok(path) = std::env::var("ROSTER_CHROMIUM") {
        return PathBuf::from(path);
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        let found = std::env::var_os("PATH")
            .into_iter()
            .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
            .map(|dir| dir.join(name))
            .find(|p| p.is_file());
        if let Some(path) = found {
            return path;
        }
    }
    panic!(
        "headless Chromium is needed for this test but was not found: install it with \
         `apt-get install -y chromium chromium-driver` (Debian; .ci/run does this), or set ROSTER_CHROMIUM"
    );
}

/// Runs headless Chromium on `page` with `extra` arguments, in a fresh profile, offline.
fn run_chromium(page: &Path, profile: &Path, extra: &[&str]) -> Output {
    let url = format!("file://{}", page.display());
    let output = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(&url)
        .output()
        .expect("start chromium");
    assert!(output.status.success(), "chromium failed: {}", String::from_utf8_lossy(&output.stderr));
    output
}

/// Console messages (and uncaught errors) Chromium logged.
fn console_lines(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .map(str::to_string)
        .collect()
}

/// Takes a screenshot of `page` (window `size`, e.g. `1400,1600`) in `dir`: Chromium must log
/// nothing and write a real PNG; with `ROSTER_UPDATE_DOCS=1` it replaces `docs/NAME`.
fn screenshot(page: &Path, dir: &Path, size: &str, name: &str) {
    let shot = dir.join(name);
    let taken = run_chromium(
        page,
        &dir.join("profile-shot"),
        &[&format!("--window-size={size}"), &format!("--screenshot={}", shot.display())],
    );
    assert_eq!(console_lines(&taken.stderr), Vec::<String>::new(), "console messages");
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 20_000, "a real screenshot ({} bytes)", png.len());
    if std::env::var_os("ROSTER_UPDATE_DOCS").is_some() {
        let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs").join(name);
        std::fs::write(docs, &png).unwrap_or_else(|e| panic!("update docs/{name}: {e}"));
    }
}

#[test]
fn chromium_renders_grid_and_charts_without_console_errors() {
    let scenario =
        roster::generate::generate(&roster::generate::GenerateOptions { staff: 15, weeks: 2, ..Default::default() });
    let instance = instance_of(&serde_json::to_value(&scenario).expect("JSON"));
    let roster = solve_checked(&instance, Some(10.0));
    let html = roster_report::html::report(&instance, &roster).expect("report");

    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).expect("write report");

    let dumped = run_chromium(&page, &dir.path().join("profile-dom"), &["--dump-dom"]);
    let dom = String::from_utf8_lossy(&dumped.stdout);
    assert!(dom.contains("data-report=\"ready\""), "the page's script did not finish: {}", &dom[..dom.len().min(400)]);
    assert!(dom.contains("data-grid-rows=\"15\""), "grid rows counted by the page");
    assert!(dom.contains("data-charts=\"2\""), "charts counted by the page");
    assert!(dom.contains("<table id=\"roster-grid\""));
    assert!(dom.contains("<table id=\"coverage-map\""));
    assert!(dom.contains("<svg id=\"agency-by-competence\""));
    assert!(dom.contains("<svg id=\"agency-by-unit\""));
    assert_eq!(dom.matches("<rect ").count(), instance.competences.len() + instance.units.len(), "one bar each");
    assert_eq!(console_lines(&dumped.stderr), Vec::<String>::new(), "console messages");

    screenshot(&page, dir.path(), "1400,1600", "report.png");
}

#[test]
fn a_script_error_would_be_caught() {
    // The detection itself: a page whose script throws is seen as not ready, with a console line.
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("broken.html");
    std::fs::write(
        &page,
        "<html><body><script>nosuch();document.documentElement.dataset.report='ready'</script></body></html>",
    )
    .expect("write");
    let dumped = run_chromium(&page, &dir.path().join("profile"), &["--dump-dom"]);
    assert!(!String::from_utf8_lossy(&dumped.stdout).contains("data-report=\"ready\""));
    let lines = console_lines(&dumped.stderr);
    assert!(lines.iter().any(|l| l.contains("Uncaught ReferenceError")), "{lines:?}");
}

#[test]
fn chromium_renders_the_whatif_page_and_section_without_console_errors() {
    let results =
        roster_report::whatif::parse_results(Path::new("results.json"), &common::three_shifts_sweep(None).to_string())
            .expect("results");
    let dir = tempfile::tempdir().expect("tempdir");

    // The standalone page: the table of the 4 points, the 4 steps of the axis, one chart (the
    // plotters SVG with both panels and the break-even label).
    let page = dir.path().join("whatif.html");
    std::fs::write(&page, roster_report::html::whatif_page(&results)).expect("write page");
    let dumped = run_chromium(&page, &dir.path().join("profile-page"), &["--dump-dom"]);
    let dom = String::from_utf8_lossy(&dumped.stdout);
    assert!(dom.contains("data-report=\"ready\""), "the page's script did not finish: {}", &dom[..dom.len().min(400)]);
    assert!(dom.contains("data-whatif-rows=\"4\""), "what-if rows counted by the page");
    assert!(dom.contains("data-charts=\"1\""), "the chart counted by the page");
    assert!(!dom.contains("data-grid-rows=\"") && !dom.contains("id=\"roster-grid\""), "no roster grid here");
    let chart = &dom[dom.find("id=\"whatif-chart\"").expect("chart")..];
    assert!(chart.contains("<svg") && chart.contains("agency hours") && chart.contains("break-even add_rn=2"));
    assert_eq!(console_lines(&dumped.stderr), Vec::<String>::new(), "console messages");
    screenshot(&page, dir.path(), "1300,1900", "whatif.png");

    // The report of a roster with the what-if section: the grid, both bar charts and the chart.
    let instance = instance_of(&common::fixture_json("whatif-three-shifts.json"));
    let roster = solve_checked(&instance, None);
    let report = dir.path().join("report.html");
    let html = roster_report::html::report_with_whatif(&instance, &roster, &results).expect("report");
    std::fs::write(&report, html).expect("write report");
    let dumped = run_chromium(&report, &dir.path().join("profile-report"), &["--dump-dom"]);
    let dom = String::from_utf8_lossy(&dumped.stdout);
    assert!(dom.contains("data-report=\"ready\""), "the report's script did not finish");
    assert!(dom.contains("data-grid-rows=\"2\"") && dom.contains("data-whatif-rows=\"4\""));
    assert!(dom.contains("data-charts=\"3\""), "two bar charts and the what-if chart");
    assert_eq!(console_lines(&dumped.stderr), Vec::<String>::new(), "console messages");
}
