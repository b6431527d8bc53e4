package com.acme.billing;

import com.twilio.Twilio;
import jakarta.annotation.PostConstruct;
import org.springframework.context.annotation.Configuration;

@Configuration
public class TwilioConfig {

    @PostConstruct
    public void initTwilio() {
        Twilio.init(System.getenv("TWILIO_ACCOUNT_SID"), System.getenv("TWILIO_AUTH_TOKEN"));
        // Our account lives in Australia (AU1).
        Twilio.setRegion("au1");
    }
}
