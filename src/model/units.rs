//! Office names per county and their aliases (`content/units.yaml`).
//!
//! ```yaml
//! 泾源县:
//!   县委统战部: [统战部]
//!   县委政法委: [政法委]
//! ```
//! Each county's offices are its own: 教体局 in one county is never merged with 教体局 in
//! another. Staff correct this file; the importer proposes entries for names it finds.

use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Aliases {
    /// county → canonical office name → names that mean it
    pub counties: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

impl Aliases {
    pub fn read(path: &Path) -> Result<Aliases> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("failed to read {}", path.display()))?;
        serde_yaml::from_str(&text).map_err(|e| {
            let line = e.location().map(|l| l.line()).unwrap_or(1);
            anyhow::anyhow!("{}:{line}: {e}", path.display())
        })
    }

    /// The canonical name of `name` in `county` (the name itself when no alias applies).
    pub fn resolve<'a>(&'a self, county: &str, name: &'a str) -> &'a str {
        if let Some(offices) = self.counties.get(county) {
            for (canon, aliases) in offices {
                if aliases.iter().any(|a| a == name) {
                    return canon;
                }
            }
        }
        name
    }
}

/// Propose alias entries for the offices named in `docs` (importer calls this and merges the
/// result into `content/units.yaml`). Filled in by the model stage work.
pub fn propose(_docs: &[crate::model::Document]) -> Aliases {
    Aliases::default()
}
