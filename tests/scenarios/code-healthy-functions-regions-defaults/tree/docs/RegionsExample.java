import com.twilio.Twilio;

public class RegionsExample {
    public static void main(String[] args) {
        Twilio.init("ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "your_auth_token");
        Twilio.setRegion("au1");
        Twilio.setEdge("sydney");
    }
}
