//! Cutting a JSON document read from a stream into its top-level values without parsing
//! them: the merge reads a gigabyte export one response at a time, each response parsed
//! from its own bytes (serde_json reads a slice several times faster than a stream).

use std::io::BufRead;

/// Why the cut failed: the stream could not be read, or the bytes are not JSON.
#[derive(Debug)]
pub enum Cut {
    Io(std::io::Error),
    Syntax(String),
}

/// A stream of JSON bytes, read in large chunks.
pub struct Splitter<R> {
    reader: R,
    /// Bytes read so far, for messages.
    offset: u64,
}

const WHITESPACE: [u8; 4] = [b' ', b'\t', b'\n', b'\r'];

impl<R: BufRead> Splitter<R> {
    pub fn new(reader: R) -> Splitter<R> {
        Splitter { reader, offset: 0 }
    }

    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The next byte that is not whitespace, left unread; None at the end.
    pub fn peek(&mut self) -> Result<Option<u8>, Cut> {
        loop {
            let buf = self.reader.fill_buf().map_err(Cut::Io)?;
            if buf.is_empty() {
                return Ok(None);
            }
            match buf.iter().position(|b| !WHITESPACE.contains(b)) {
                Some(at) => {
                    let b = buf[at];
                    self.consume(at);
                    return Ok(Some(b));
                }
                None => {
                    let n = buf.len();
                    self.consume(n);
                }
            }
        }
    }

    fn consume(&mut self, n: usize) {
        self.reader.consume(n);
        self.offset += n as u64;
    }

    /// Takes the byte `want` (after whitespace), or says what was found instead.
    pub fn expect(&mut self, want: u8) -> Result<(), Cut> {
        match self.peek()? {
            Some(b) if b == want => {
                self.consume(1);
                Ok(())
            }
            found => Err(self.unexpected(found, &format!("'{}'", want as char))),
        }
    }

    /// Takes one of `choices` and says which.
    pub fn one_of(&mut self, choices: &[u8]) -> Result<u8, Cut> {
        match self.peek()? {
            Some(b) if choices.contains(&b) => {
                self.consume(1);
                Ok(b)
            }
            found => {
                let want: Vec<String> = choices
                    .iter()
                    .map(|c| format!("'{}'", *c as char))
                    .collect();
                Err(self.unexpected(found, &want.join(" or ")))
            }
        }
    }

    fn unexpected(&self, found: Option<u8>, want: &str) -> Cut {
        Cut::Syntax(match found {
            None => format!(
                "the file ends at byte {} where {want} was expected (was it cut short?)",
                self.offset
            ),
            Some(b) => format!(
                "byte {}: expected {want}, found '{}'",
                self.offset,
                (b as char).escape_default()
            ),
        })
    }

    /// The bytes of the next JSON value (after whitespace) appended to `out`. Strings and
    /// nesting are followed; what is inside is checked later, when the value is parsed.
    pub fn value(&mut self, out: &mut Vec<u8>) -> Result<(), Cut> {
        self.cut(Some(out))
    }

    /// Passes over the next JSON value, keeping none of it.
    pub fn skip(&mut self) -> Result<(), Cut> {
        self.cut(None)
    }

    fn cut(&mut self, mut out: Option<&mut Vec<u8>>) -> Result<(), Cut> {
        let start = self.offset;
        let Some(first) = self.peek()? else {
            return Err(self.unexpected(None, "a value"));
        };
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        let scalar = !matches!(first, b'{' | b'[' | b'"');
        let mut begun = false;
        loop {
            let buf = self.reader.fill_buf().map_err(Cut::Io)?;
            if buf.is_empty() {
                if scalar && begun {
                    return Ok(());
                }
                return Err(Cut::Syntax(format!(
                    "the file ends inside the value that starts at byte {start} (was it cut short?)"
                )));
            }
            let mut end = None;
            for (i, &b) in buf.iter().enumerate() {
                if scalar {
                    if matches!(b, b',' | b'}' | b']') || WHITESPACE.contains(&b) {
                        end = Some(i);
                        break;
                    }
                    continue;
                }
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_string = false;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let take = end.unwrap_or(buf.len());
            if let Some(out) = out.as_deref_mut() {
                out.extend_from_slice(&buf[..take]);
            }
            begun = true;
            self.consume(take);
            if end.is_some() {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        let mut s = Splitter::new(std::io::BufReader::with_capacity(3, text.as_bytes()));
        s.expect(b'[').unwrap();
        let mut found = Vec::new();
        if s.peek().unwrap() == Some(b']') {
            return found;
        }
        loop {
            let mut out = Vec::new();
            s.value(&mut out).unwrap();
            found.push(String::from_utf8(out).unwrap());
            if s.one_of(b",]").unwrap() == b']' {
                return found;
            }
        }
    }

    #[test]
    fn values_are_cut_where_they_end_whatever_they_hold() {
        assert_eq!(
            values(r#"[ {"a": "}\"]", "b": [1, {"c": 2}]} , "x\\", 12.5e3,true, null ]"#),
            [
                r#"{"a": "}\"]", "b": [1, {"c": 2}]}"#,
                r#""x\\""#,
                "12.5e3",
                "true",
                "null"
            ]
        );
        assert!(values("[]").is_empty());
    }

    #[test]
    fn a_file_cut_short_says_so() {
        let mut s = Splitter::new(std::io::BufReader::new(&b"[{\"a\": [1, 2"[..]));
        s.expect(b'[').unwrap();
        let Err(Cut::Syntax(why)) = s.value(&mut Vec::new()) else {
            panic!("a cut value was taken");
        };
        assert!(why.contains("cut short"), "{why}");
    }
}
