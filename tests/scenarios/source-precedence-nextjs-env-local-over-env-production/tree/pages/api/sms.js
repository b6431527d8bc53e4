import twilio from 'twilio';
const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);
export default async function handler(req, res) {
  await client.messages.create({ to: req.body.to, from: process.env.TWILIO_FROM, body: 'hi' });
  res.status(200).end();
}
