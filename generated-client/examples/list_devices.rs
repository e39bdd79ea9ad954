//! Lists the account's traffic-source devices, logged in with the NETOSECRET the Netography
//! portal hands out.
//!
//! ```sh
//! NETOSECRET=... cargo run -p netography-client --example list_devices
//! ```
//!
//! The client logs in on the first call and renews its token by itself.

use netography_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Fails here, naming what is wrong, when NETOSECRET is missing or malformed.
    let client = Client::builder().netosecret_from_env().build()?;

    let devices = match client.devices().list().await {
        Ok(devices) => devices.data.unwrap_or_default(),
        // A refused login: the NETOSECRET's key was revoked, or its shared secret is wrong.
        Err(Error::Auth { source, .. }) if source.is_refused() => {
            eprintln!("login refused: {source}");
            std::process::exit(1);
        }
        Err(error) => return Err(error.into()),
    };
    println!("{} devices", devices.len());
    for device in devices {
        println!("{} ({}): {}, sample rate {}", device.name, device.id, device.ips.join(", "), device.samplerate);
    }
    Ok(())
}
