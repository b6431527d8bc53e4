package com.acme.alerts;

import com.twilio.Twilio;
import org.junit.jupiter.api.Test;

class TwilioConfigTest {
    @Test
    void initialises() {
        Twilio.init("{{sid:prod}}", System.getenv().getOrDefault("TWILIO_AUTH_TOKEN", "{{token:prod:old}}"));
    }
}
