const express = require('express');
const twilio = require('twilio');
const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);
const app = express();
app.post('/sms', async (req, res) => { await client.messages.create(req.body); res.sendStatus(202); });
app.listen(process.env.PORT || 3000);
