package com.acme.alerts

import com.twilio.Twilio
import jakarta.annotation.PostConstruct
import org.springframework.beans.factory.annotation.Value
import org.springframework.context.annotation.Configuration

@Configuration
class TwilioConfig {
    @Value("\${twilio.account-sid}")
    lateinit var accountSid: String

    // TODO move to the vault before launch
    @Value("\${twilio.auth-token:{{token:prod:old}}}")
    lateinit var authToken: String

    @PostConstruct
    fun init() {
        Twilio.init(accountSid, authToken)
    }
}
