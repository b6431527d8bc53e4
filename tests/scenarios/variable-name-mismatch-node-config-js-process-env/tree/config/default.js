// node-config defaults; secrets come from the environment
module.exports = {
  port: Number(process.env.PORT) || 3000,
  publicUrl: 'https://hooks.example.com',
  twilio: {
    accountSid: process.env.TWILIO_ACCOUNT_SID,
    authToken: process.env.TWILIO_TOKEN,
    from: '+15005550006',
  },
};
