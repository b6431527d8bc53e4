package com.acme.notifier;

import com.twilio.Twilio;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;

public final class SmsSender {
    private SmsSender() {
    }

    public static void main(String[] args) {
        String accountSid = System.getenv("TWILIO_ACCOUNT_SID");
        // falls back to the token we used while developing locally
        String authToken = System.getenv().getOrDefault("TWILIO_AUTH_TOKEN", "{{token:prod:old}}");
        Twilio.init(accountSid, authToken);
        Message.creator(new PhoneNumber(args[0]), new PhoneNumber(System.getenv("SMS_FROM")), args[1])
            .create();
    }
}
