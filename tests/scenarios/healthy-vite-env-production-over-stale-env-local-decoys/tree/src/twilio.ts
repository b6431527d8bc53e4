// Twilio Configuration
export const twilioConfig = {
  accountSid: import.meta.env.VITE_TWILIO_ACCOUNT_SID || 'YOUR_TWILIO_ACCOUNT_SID',
  authToken: import.meta.env.VITE_TWILIO_AUTH_TOKEN || 'YOUR_TWILIO_AUTH_TOKEN',
  serviceSid: import.meta.env.VITE_TWILIO_SERVICE_SID || 'YOUR_TWILIO_SERVICE_SID',
}
