//! Small durable settings (the centre's name, where the app was left) and the secret that
//! keys pseudonyms in anonymized exports.

use redb::{ReadableTable, WriteTransaction};

use super::schema::{SECRETS, SETTINGS};
use super::{Store, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

const PSEUDONYM_KEY: &str = "pseudonym_key";

/// Creates the secrets table, with a random pseudonym key if it has none.
pub fn create_secrets(tx: &WriteTransaction) -> std::result::Result<(), redb::Error> {
    let mut table = tx.open_table(SECRETS)?;
    if table.get(PSEUDONYM_KEY)?.is_none() {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| {
            redb::Error::Io(std::io::Error::other(format!(
                "the system gave no random bytes: {e}"
            )))
        })?;
        table.insert(PSEUDONYM_KEY, key.as_slice())?;
    }
    Ok(())
}

impl Store {
    /// A setting saved with [`Store::set_setting`].
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.reading(|tx| {
            let table = tx.open_table(SETTINGS)?;
            Ok(table.get(key)?.map(|v| v.value().to_string()))
        })
    }

    /// Saves a setting durably, replacing any earlier value.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.writing(|tx, _| {
            tx.open_table(SETTINGS)?.insert(key, value)?;
            Ok(())
        })
    }

    /// This database's secret for pseudonyms (32 random bytes made when the database was
    /// created or upgraded): a keyed hash of an id with it cannot be computed from the id alone.
    pub fn pseudonym_key(&self) -> Result<[u8; 32]> {
        let stored = self.reading(|tx| {
            let table = tx.open_table(SECRETS)?;
            Ok(table.get(PSEUDONYM_KEY)?.map(|v| v.value().to_vec()))
        })?;
        match stored {
            Some(bytes) => <[u8; 32]>::try_from(bytes.as_slice())
                .map_err(|_| self.bad("secret", PSEUDONYM_KEY, "not 32 bytes long".into())),
            None => Err(self.bad("secret", PSEUDONYM_KEY, "missing".into())),
        }
    }
}
