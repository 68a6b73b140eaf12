//! Atomic output files: every file `roster` writes goes through [`write`], which writes a
//! temporary file in the target's directory, flushes and syncs it, then renames it over the
//! target. Readers see either the old file or the complete new one, and any failure leaves an
//! existing file untouched. [`preflight`] checks a target can be written before a long solve.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// An output file that could not be written; the target is unchanged.
#[derive(Debug)]
pub struct WriteError {
    /// The file we meant to write.
    pub path: PathBuf,
    /// Why not.
    pub source: io::Error,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Replaces (or creates) `target` with `bytes`, atomically.
pub fn write(target: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let fail = |source| WriteError { path: target.to_path_buf(), source };
    let mut tmp = temp_for(target).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.flush().map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(target).map_err(|e| fail(e.error))?;
    sync_dir(directory_of(target));
    Ok(())
}

/// Checks that `target` could be written (its directory exists and takes new files, and it is
/// not a directory itself) without changing anything.
pub fn preflight(target: &Path) -> Result<(), WriteError> {
    temp_for(target).map(drop).map_err(|source| WriteError { path: target.to_path_buf(), source })
}

/// Whether two paths name the same file, whether or not it exists yet (`r.json` and
/// `./r.json` do; symbolic links to files are not followed).
pub fn same_target(a: &Path, b: &Path) -> bool {
    let resolve = |p: &Path| {
        let dir = std::fs::canonicalize(directory_of(p)).ok()?;
        Some(dir.join(p.file_name()?))
    };
    a == b || matches!((resolve(a), resolve(b)), (Some(x), Some(y)) if x == y)
}

/// The directory a relative or absolute `target` lives in.
fn directory_of(target: &Path) -> &Path {
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A fresh temporary file next to `target` (same directory, so the rename cannot cross file
/// systems), with the target's permissions if it exists and ordinary ones if not.
fn temp_for(target: &Path) -> io::Result<NamedTempFile> {
    let dir = directory_of(target);
    if !dir.is_dir() {
        return Err(io::Error::new(io::ErrorKind::NotFound, format!("directory {} does not exist", dir.display())));
    }
    if target.is_dir() {
        return Err(io::Error::other("it is a directory"));
    }
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like any newly created file: 0666 less the umask.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir)?;
    if let Ok(meta) = std::fs::metadata(target) {
        std::fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    Ok(tmp)
}

/// Makes the rename durable where the platform allows syncing a directory (best effort).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn creates_and_replaces_without_leaving_temporaries() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out.json");
        write(&target, b"first").expect("first write");
        write(&target, b"second").expect("second write");
        assert_eq!(std::fs::read(&target).expect("read"), b"second");
        assert_eq!(entries(dir.path()), ["out.json"]);
    }

    #[test]
    fn missing_directory_fails_and_creates_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("nope").join("out.json");
        let err = write(&target, b"x").expect_err("must fail");
        assert!(err.to_string().contains("out.json"), "{err}");
        assert!(preflight(&target).is_err());
        assert!(entries(dir.path()).is_empty());
    }

    #[test]
    fn failed_replace_leaves_the_old_target_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("taken");
        std::fs::create_dir(&target).expect("mkdir");
        std::fs::write(target.join("inside"), b"keep").expect("write");
        assert!(preflight(&target).is_err());
        assert!(write(&target, b"x").is_err());
        assert_eq!(std::fs::read(target.join("inside")).expect("read"), b"keep");
        assert_eq!(entries(dir.path()), ["taken"]);
    }

    #[test]
    fn same_target_sees_through_spelling() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("r.json");
        let b = dir.path().join(".").join("r.json");
        assert!(same_target(&a, &b));
        assert!(!same_target(&a, &dir.path().join("r.csv")));
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_permissions_of_the_file_it_replaces() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out.csv");
        std::fs::write(&target, b"old").expect("write");
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write(&target, b"new").expect("write");
        let mode = std::fs::metadata(&target).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
