package com.acme.notifier;

import com.twilio.Twilio;
import java.util.Optional;

public final class SmsSender {
    private SmsSender() {
    }

    public static void init() {
        String accountSid = Optional.ofNullable(System.getenv("TWILIO_ACCOUNT_SID"))
            .orElse("{{sid:prod}}");
        String authToken = System.getenv().getOrDefault("TWILIO_AUTH_TOKEN", "{{token:prod:old}}");
        Twilio.init(accountSid, authToken);
    }
}
