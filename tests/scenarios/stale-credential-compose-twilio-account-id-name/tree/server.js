const express = require('express');
const accountSid = process.env.TWILIO_ACCOUNT_ID;
const authToken = process.env.TWILIO_AUTH_TOKEN;
const client = require('twilio')(accountSid, authToken);
const app = express();
app.post('/contact', (req, res) => {
  client.messages.create({ body: req.body.message, from: '+15005550006', to: '+15551234567' })
    .then(() => res.sendStatus(200));
});
app.listen(3000);
