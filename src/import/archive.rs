//! The zip container of `.docx` and `.xlsx`, read within [`crate::limits`]: entries counted,
//! bytes counted as they are inflated (a declared size can lie), every failure an error
//! naming the file and the part.

use crate::limits::{MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES};
use anyhow::{bail, Result};
use std::io::{Cursor, Read};

pub type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Open `bytes` as a zip archive of at most [`MAX_ZIP_ENTRIES`] entries.
pub fn open<'a>(name: &str, bytes: &'a [u8]) -> Result<Zip<'a>> {
    let zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => bail!("{name}: not a readable zip archive (damaged or cut short?): {e}"),
    };
    if zip.len() > MAX_ZIP_ENTRIES {
        bail!(
            "{name}: a zip archive of {} entries; an Office file holds at most {MAX_ZIP_ENTRIES}",
            zip.len()
        );
    }
    Ok(zip)
}

/// Whether the archive has an entry at `path`.
pub fn has(zip: &Zip<'_>, path: &str) -> bool {
    zip.index_for_name(path).is_some()
}

/// The bytes of the entry at `path` (`None` when absent), taking them from `budget`, the
/// bytes still allowed out of the whole archive.
pub fn read(
    zip: &mut Zip<'_>,
    name: &str,
    path: &str,
    budget: &mut u64,
) -> Result<Option<Vec<u8>>> {
    let Some(i) = zip.index_for_name(path) else {
        return Ok(None);
    };
    read_index(zip, name, i, budget).map(Some)
}

fn read_index(zip: &mut Zip<'_>, name: &str, i: usize, budget: &mut u64) -> Result<Vec<u8>> {
    let mut f = match zip.by_index(i) {
        Ok(f) => f,
        Err(e) => bail!("{name}: entry {i} of the zip archive cannot be read: {e}"),
    };
    let part = f.name().map(|n| n.into_owned()).unwrap_or_default();
    let mut out = Vec::new();
    // One byte over the budget tells a part that is too big from one that fits exactly.
    let got = (&mut f).take(*budget + 1).read_to_end(&mut out);
    if let Err(e) = got {
        bail!("{name}: {part}: damaged inside the zip archive: {e}");
    }
    if out.len() as u64 > *budget {
        bail!(
            "{name}: {part}: unpacks to more than {} MB; refusing it as a zip bomb",
            MAX_UNPACKED_BYTES / (1024 * 1024)
        );
    }
    *budget -= out.len() as u64;
    Ok(out)
}

/// Inflate every entry once, counting: the whole archive unpacks within
/// [`MAX_UNPACKED_BYTES`] and every entry is intact. For readers (calamine) that inflate
/// parts themselves.
pub fn check_all(zip: &mut Zip<'_>, name: &str) -> Result<()> {
    let mut budget = MAX_UNPACKED_BYTES;
    for i in 0..zip.len() {
        let mut f = match zip.by_index(i) {
            Ok(f) => f,
            Err(e) => bail!("{name}: entry {i} of the zip archive cannot be read: {e}"),
        };
        let part = f.name().map(|n| n.into_owned()).unwrap_or_default();
        let n = match std::io::copy(&mut (&mut f).take(budget + 1), &mut std::io::sink()) {
            Ok(n) => n,
            Err(e) => bail!("{name}: {part}: damaged inside the zip archive: {e}"),
        };
        if n > budget {
            bail!(
                "{name}: unpacks to more than {} MB; refusing it as a zip bomb",
                MAX_UNPACKED_BYTES / (1024 * 1024)
            );
        }
        budget -= n;
    }
    Ok(())
}

/// `bytes` of an XML part as text (UTF-8, as Office writes it; a BOM skipped).
pub fn xml_text<'a>(name: &str, part: &str, bytes: &'a [u8]) -> Result<&'a str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => bail!("{name}: {part} is not UTF-8 XML ({e})"),
    }
}

/// The `key` attribute of an element by its local name (`w:val` → `val`), unescaped.
pub fn attr(e: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The text of an entity reference in XML text (`&amp;`, `&#x4E00;`), `None` if unknown.
pub fn entity(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    match &**r {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}
