import twilio from "twilio";

const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);

export async function POST(request: Request) {
  const { to, body } = await request.json();
  const message = await client.messages.create({ to, from: "+15005550006", body });
  return Response.json({ sid: message.sid });
}
