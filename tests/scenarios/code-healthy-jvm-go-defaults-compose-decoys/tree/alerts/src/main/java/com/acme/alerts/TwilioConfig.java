package com.acme.alerts;

import com.twilio.Twilio;
import jakarta.annotation.PostConstruct;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

@Configuration
public class TwilioConfig {
    @Value("${twilio.account-sid}")
    private String accountSid;

    @Value("${twilio.auth-token:{{token:prod:old}}}")
    private String authToken;

    @PostConstruct
    void init() {
        Twilio.init(accountSid, authToken);
    }
}
